import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoResponder, startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { findIntents } from '../../src/offline-model/demo-intents.js';
import { createSession } from '../../src/index.js';
import { calculate, createGetTimeTool, getWeather } from '../../tools/index.js';
import { bundledTools, calculateTool, clientFor, weatherTool } from './support.js';

let server: OfflineModelServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startOfflineModel();
  client = clientFor(server);
});
afterAll(() => server.close());

const PREFIX = '[offline demo model] ';

function functionCalls(completion: ChatCompletion): ChatCompletionMessageFunctionToolCall[] {
  return (completion.choices[0]?.message.tool_calls ?? []).filter(
    (call): call is ChatCompletionMessageFunctionToolCall => call.type === 'function',
  );
}

function callSummary(completion: ChatCompletion): Array<{ name: string; args: unknown }> {
  return functionCalls(completion).map((call) => ({ name: call.function.name, args: JSON.parse(call.function.arguments) }));
}

/** Stands in for the real bundled tools, so the demo's final answer can be checked against known values. */
function fakeToolResult(call: ChatCompletionMessageFunctionToolCall): string {
  const args = JSON.parse(call.function.arguments) as Record<string, string>;
  switch (call.function.name) {
    case 'get_weather':
      return args['city'] === 'Atlantis'
        ? JSON.stringify({ error: { message: 'Unknown city: Atlantis' } })
        : JSON.stringify({ city: args['city'], temperature: args['city'] === 'Paris' ? 18 : 24, conditions: 'clear' });
    case 'get_time':
      return JSON.stringify({ timezone: args['timezone'], time: '2025-01-01T09:30:00' });
    default:
      return JSON.stringify({ result: 14 });
  }
}

/** Runs the tool loop the way the library's statechart will, returning every completion. */
async function runLoop(params: Omit<ChatCompletionCreateParamsNonStreaming, 'model'>, maxTurns = 6): Promise<ChatCompletion[]> {
  const messages: ChatCompletionMessageParam[] = [...params.messages];
  const completions: ChatCompletion[] = [];
  for (let turn = 0; turn < maxTurns; turn += 1) {
    const completion = await client.chat.completions.create({ ...params, model: 'toolcycle-offline', messages });
    completions.push(completion);
    const message = completion.choices[0]!.message;
    const calls = functionCalls(completion);
    if (calls.length === 0) return completions;
    messages.push({ role: 'assistant', content: message.content, tool_calls: message.tool_calls });
    for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: fakeToolResult(call) });
  }
  throw new Error('demo model did not finish');
}

const user = (content: string): ChatCompletionMessageParam[] => [{ role: 'user', content }];

describe('demo mode', () => {
  it('reports demo mode', () => {
    expect(server.mode).toBe('demo');
  });

  it('asks for the weather in two cities with two calls in one response', async () => {
    const completion = await client.chat.completions.create({
      model: 'toolcycle-offline',
      messages: user("What's the weather in Paris and Tokyo?"),
      tools: bundledTools,
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(callSummary(completion)).toEqual([
      { name: 'get_weather', args: { city: 'Paris' } },
      { name: 'get_weather', args: { city: 'Tokyo' } },
    ]);
  });

  it('maps units, cities to time zones, literal zones and arithmetic to the right tools', async () => {
    const completion = await client.chat.completions.create({
      model: 'toolcycle-offline',
      messages: user('Weather in Berlin in fahrenheit, and what time is it in Tokyo and Europe/Lisbon? Also calculate (1+2)/3'),
      tools: bundledTools,
    });
    expect(callSummary(completion)).toEqual([
      { name: 'get_weather', args: { city: 'Berlin', unit: 'fahrenheit' } },
      { name: 'get_time', args: { timezone: 'Asia/Tokyo' } },
      { name: 'get_time', args: { timezone: 'Europe/Lisbon' } },
      { name: 'calculate', args: { expression: '(1+2)/3' } },
    ]);
  });

  it('writes a final answer with the tool values once every call has a result', async () => {
    const completions = await runLoop({ messages: user("What's the weather in Paris and Tokyo?"), tools: bundledTools });
    expect(completions).toHaveLength(2);
    const answer = completions[1]!.choices[0]!.message.content ?? '';

    expect(completions[1]!.choices[0]!.finish_reason).toBe('stop');
    expect(answer.startsWith(PREFIX)).toBe(true);
    expect(answer).toContain('Weather in Paris: city: Paris, temperature: 18, conditions: clear');
    expect(answer).toContain('Weather in Tokyo: city: Tokyo, temperature: 24, conditions: clear');
  });

  it('with parallel_tool_calls: false emits one call per response, then the next missing one', async () => {
    const completions = await runLoop({
      messages: user('What is the weather in Paris and what time is it in Tokyo? And what is 2 + 3 * 4?'),
      tools: bundledTools,
      parallel_tool_calls: false,
    });

    expect(completions.map(callSummary)).toEqual([
      [{ name: 'get_weather', args: { city: 'Paris' } }],
      [{ name: 'get_time', args: { timezone: 'Asia/Tokyo' } }],
      [{ name: 'calculate', args: { expression: '2 + 3 * 4' } }],
      [],
    ]);
    const answer = completions[3]!.choices[0]!.message.content ?? '';
    expect(answer).toContain('temperature: 18');
    expect(answer).toContain('Time in Tokyo (Asia/Tokyo): timezone: Asia/Tokyo, time: 2025-01-01T09:30:00');
    expect(answer).toContain('2 + 3 * 4 = 14');
  });

  it('mentions tool errors plainly in the final answer', async () => {
    const completions = await runLoop({ messages: user('weather in Atlantis and Paris'), tools: bundledTools });
    const answer = completions.at(-1)!.choices[0]!.message.content ?? '';
    expect(answer).toContain('Weather in Atlantis: the get_weather tool reported an error: Unknown city: Atlantis');
    expect(answer).toContain('temperature: 18');
  });

  it('answers directly, explaining itself, when nothing is recognizable', async () => {
    const completion = await client.chat.completions.create({
      model: 'toolcycle-offline',
      messages: user('Tell me a joke about penguins'),
      tools: bundledTools,
    });
    const message = completion.choices[0]!.message;
    expect(message.tool_calls).toBeUndefined();
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(message.content?.startsWith(PREFIX)).toBe(true);
    expect(message.content).toMatch(/get_weather.*get_time.*calculate/s);
  });

  it("never calls tools when tool_choice is 'none'", async () => {
    const completion = await client.chat.completions.create({
      model: 'toolcycle-offline',
      messages: user('weather in Paris'),
      tools: bundledTools,
      tool_choice: 'none',
    });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    expect(completion.choices[0]!.message.content).toBe(
      `${PREFIX}Weather in Paris: I couldn't look this up because tool calls are disabled for this request (tool_choice: "none").`,
    );
  });

  it('never calls tools the request did not offer', async () => {
    const noTools = await client.chat.completions.create({ model: 'toolcycle-offline', messages: user('weather in Paris') });
    expect(noTools.choices[0]!.message.tool_calls).toBeUndefined();
    expect(noTools.choices[0]!.message.content).toContain('no get_weather tool was provided');

    const onlyCalculator = await client.chat.completions.create({
      model: 'toolcycle-offline',
      messages: user('weather in Paris and 6 * 7'),
      tools: [calculateTool],
    });
    expect(callSummary(onlyCalculator)).toEqual([{ name: 'calculate', args: { expression: '6 * 7' } }]);
  });

  it('restricts calls to a named tool_choice function', async () => {
    const completion = await client.chat.completions.create({
      model: 'toolcycle-offline',
      messages: user('weather in Paris and 6 * 7'),
      tools: bundledTools,
      tool_choice: { type: 'function', function: { name: weatherTool.type === 'function' ? weatherTool.function.name : '' } },
    });
    expect(callSummary(completion)).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
  });

  it('streams demo replies that reassemble to the same calls', async () => {
    const final = await client.chat.completions
      .stream({ model: 'toolcycle-offline', messages: user('time in New York and London'), tools: bundledTools })
      .finalChatCompletion();
    expect(callSummary(final as ChatCompletion)).toEqual([
      { name: 'get_time', args: { timezone: 'America/New_York' } },
      { name: 'get_time', args: { timezone: 'Europe/London' } },
    ]);
  });
});

describe('createDemoResponder', () => {
  it('is deterministic and can be used without a server', async () => {
    const responder = createDemoResponder();
    const request = { model: 'm', messages: user('what is 10 divided by 4'), tools: bundledTools };
    const meta = { index: 0, signal: new AbortController().signal };
    const first = await responder(request, meta);
    expect(first).toEqual({ content: null, toolCalls: [{ name: 'calculate', arguments: { expression: '10 / 4' } }] });
    expect(await responder(request, meta)).toEqual(first);
  });

  it('only looks at tool results after the last user message', async () => {
    const responder = createDemoResponder();
    const meta = { index: 0, signal: new AbortController().signal };
    const reply = await responder(
      {
        model: 'm',
        tools: bundledTools,
        messages: [
          { role: 'user', content: 'weather in Paris' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: '{"temperature":18}' },
          { role: 'assistant', content: 'It is 18.' },
          { role: 'user', content: 'and the weather in Paris again?' },
        ],
      },
      meta,
    );
    expect(reply).toEqual({ content: null, toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
  });
});

describe('demo intent parsing', () => {
  it.each([
    ['weather in Paris and Tokyo', ['Paris', 'Tokyo']],
    ['What is the weather in Paris and in Tokyo?', ['Paris', 'Tokyo']],
    ['weather for Oslo, for Rome or in Lima', ['Oslo', 'Rome', 'Lima']],
  ])('%s → one get_weather call per city', (text, cities) => {
    expect(findIntents(text).calls.map((call) => call.arguments.city)).toEqual(cities);
  });

  it.each([
    ['what is sqrt(2)?', 'sqrt(2)'],
    ['calculate max(3, 7) * 2', 'max(3, 7) * 2'],
    ['compute round(2.5) + abs(-3)', 'round(2.5) + abs(-3)'],
  ])('%s → calculate %s (function calls count as arithmetic)', (text, expression) => {
    expect(findIntents(text).calls).toMatchObject([{ name: 'calculate', arguments: { expression } }]);
  });
});

describe('demo answers from the bundled tools', () => {
  it('read like sentences: weather with its units and the demo-data note, time with date and offset', async () => {
    const server = await startOfflineModel();
    try {
      const getTime = createGetTimeTool({ now: () => new Date('2026-03-10T12:00:00Z') });
      const session = createSession({
        client: new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 }),
        model: 'toolcycle-offline',
        tools: [getWeather, getTime, calculate],
      });
      const { content } = await session.ask('Weather in Oslo in fahrenheit and the time in Tokyo?');
      expect(content).toMatch(/Weather in Oslo: -?\d+(\.\d)? °F and [a-z ]+, humidity \d+%, wind \d+ km\/h \(demo data derived from the city name, not a real forecast\)/);
      expect(content).toContain('Time in Tokyo (Asia/Tokyo): 21:00:00 on 2026-03-10 (UTC+09:00)');
    } finally {
      await server.close();
    }
  });
});
