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
import { createSession, type TurnResult } from '../../src/index.js';
import { calculate, createGetTimeTool, getWeather, type TimeReport, type WeatherReport } from '../../tools/index.js';
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

const CHINESE_PREFIX = '[离线演示模型] ';
const CHINESE_CONDITIONS: Record<string, string> = {
  sunny: '晴',
  'partly cloudy': '晴间多云',
  cloudy: '多云',
  overcast: '阴',
  'light rain': '小雨',
  rain: '雨',
  thunderstorms: '雷阵雨',
  fog: '雾',
  snow: '雪',
};

/** A question asked the way the CLI asks it: a session with the real bundled tools, over the SDK. */
async function askWithBundledTools(question: string): Promise<TurnResult> {
  const session = createSession({
    client,
    model: 'toolcycle-offline',
    tools: [getWeather, createGetTimeTool({ now: () => new Date('2026-03-10T12:00:00Z') }), calculate],
  });
  return session.ask(question);
}

type Language = 'en' | 'zh';

function expectLanguage(answer: string, language: Language): void {
  if (language === 'zh') {
    expect(answer.startsWith(CHINESE_PREFIX)).toBe(true);
    expect(answer).not.toMatch(/Weather in|Time in|demo data|reported an error|Here is|I couldn't/);
  } else {
    expect(answer.startsWith(PREFIX)).toBe(true);
    expect(answer).not.toMatch(/\p{Script=Han}/u);
  }
}

/** The sentence the answer must contain for one tool result, worked out from what the tool returned. */
function statedResult(language: Language, subject: string, name: string, result: unknown): string {
  if (name === 'get_weather') {
    const report = result as WeatherReport;
    const degrees = report.unit === 'fahrenheit' ? '°F' : '°C';
    return language === 'zh'
      ? `${subject}的天气：${report.temperature} ${degrees}，${CHINESE_CONDITIONS[report.condition]}，湿度 ${report.humidityPercent}%，` +
          `风速 ${report.windKph} 公里/小时（演示数据，由城市名推算，并非真实天气预报）`
      : `Weather in ${subject}: ${report.temperature} ${degrees} and ${report.condition}, humidity ${report.humidityPercent}%, ` +
          `wind ${report.windKph} km/h (demo data derived from the city name, not a real forecast)`;
  }
  const report = result as TimeReport;
  return language === 'zh'
    ? `${subject}（${report.timezone}）的时间：${report.date} ${report.time}（UTC${report.utcOffset}）`
    : `Time in ${subject} (${report.timezone}): ${report.time} on ${report.date} (UTC${report.utcOffset})`;
}

const weatherIn = (city: string, subject: string) => ({ name: 'get_weather', args: { city }, subject });
const timeIn = (timezone: string, subject: string) => ({ name: 'get_time', args: { timezone }, subject });

describe('the demo model in English and Chinese, with the bundled tools over the SDK', () => {
  it.each([
    ['en', "What's the weather in Paris?", [weatherIn('Paris', 'Paris')]],
    ['zh', '巴黎天气怎么样？', [weatherIn('Paris', '巴黎')]],
    ['en', "What's the weather in Beijing and Shanghai?", [weatherIn('Beijing', 'Beijing'), weatherIn('Shanghai', 'Shanghai')]],
    ['zh', '北京和上海的天气', [weatherIn('Beijing', '北京'), weatherIn('Shanghai', '上海')]],
    ['en', 'What time is it in Tokyo?', [timeIn('Asia/Tokyo', 'Tokyo')]],
    ['zh', '东京现在几点？', [timeIn('Asia/Tokyo', '东京')]],
    ['en', 'What time is it in New York now?', [timeIn('America/New_York', 'New York')]],
    ['zh', '现在纽约几点', [timeIn('America/New_York', '纽约')]],
    [
      'en',
      "What's the weather in Beijing and Shanghai, and what time is it in Tokyo?",
      [weatherIn('Beijing', 'Beijing'), weatherIn('Shanghai', 'Shanghai'), timeIn('Asia/Tokyo', 'Tokyo')],
    ],
    ['zh', '北京和上海的天气，还有东京现在几点？', [weatherIn('Beijing', '北京'), weatherIn('Shanghai', '上海'), timeIn('Asia/Tokyo', '东京')]],
  ] as const)('[%s] %s', async (language, question, expected) => {
    const turn = await askWithBundledTools(question);

    expect(turn.toolCalls.map((call) => ({ name: call.name, args: call.arguments }))).toEqual(
      expected.map(({ name, args }) => ({ name, args })),
    );
    expectLanguage(turn.content, language);
    expected.forEach(({ name, subject }, i) => {
      expect(turn.content).toContain(statedResult(language, subject, name, turn.toolCalls[i]?.result));
    });
    if (expected.length > 1) expect(turn.content).toContain(language === 'zh' ? '查询结果如下：' : 'Here is what I found:');
  });

  it('states the fixed clock exactly, with daylight saving time in New York', async () => {
    expect((await askWithBundledTools('现在纽约几点')).content).toBe(
      `${CHINESE_PREFIX}纽约（America/New_York）的时间：2026-03-10 08:00:00（UTC-04:00）`,
    );
    expect((await askWithBundledTools('What time is it in New York now?')).content).toBe(
      `${PREFIX}Time in New York (America/New_York): 08:00:00 on 2026-03-10 (UTC-04:00)`,
    );
  });

  it.each([
    ['en', 'Calculate (3+4)*5', '(3+4)*5', 35],
    ['zh', '计算 (3+4)*5', '(3+4)*5', 35],
    ['zh', '计算（３＋４）×５？', '(3+4)*5', 35],
    ['zh', '（１０－４）÷４等于多少？', '(10-4)/4', 1.5],
    ['en', 'What is 2 to the power of 10?', '2 ^ 10', 1024],
    ['zh', '2的10次方是多少', '2^10', 1024],
    ['zh', '２的１０次方是多少？', '2^10', 1024],
    ['zh', '3乘以4是多少？', '3 * 4', 12],
    ['zh', '10除以4等于几？', '10 / 4', 2.5],
    ['zh', '16的平方根是多少？', 'sqrt(16)', 4],
    ['en', 'What is the square root of 16?', 'sqrt(16)', 4],
    ['en', 'what is 1e3 + 1', '1e3 + 1', 1001],
    ['en', 'what is 2**10', '2**10', 1024],
    ['en', 'what is 2 ** 10?', '2 ** 10', 1024],
    ['en', 'what is -(-3)?', '-(-3)', 3],
  ] as const)('[%s] %s → calculate(%s) = %s', async (language, question, expression, value) => {
    const turn = await askWithBundledTools(question);

    expect(turn.toolCalls.map((call) => ({ name: call.name, args: call.arguments, result: call.result }))).toEqual([
      { name: 'calculate', args: { expression }, result: { expression, result: value } },
    ]);
    expectLanguage(turn.content, language);
    expect(turn.content).toBe(`${language === 'zh' ? CHINESE_PREFIX : PREFIX}${expression} = ${value}`);
  });

  it("sends 1e308*10 as written and reports the calculate tool's overflow error, in the question's language", async () => {
    const english = await askWithBundledTools('What is 1e308*10?');
    expect(english.toolCalls).toMatchObject([{ name: 'calculate', arguments: { expression: '1e308*10' }, error: { kind: 'tool_failed' } }]);
    expect(english.toolCalls[0]?.error?.message).toContain("The result of '*' is too large at position 5");
    expect(english.content).toBe(`${PREFIX}1e308*10: the calculate tool reported an error: The result of '*' is too large at position 5`);

    const chinese = await askWithBundledTools('计算 1e308*10');
    expect(chinese.toolCalls).toMatchObject([{ name: 'calculate', arguments: { expression: '1e308*10' }, error: { kind: 'tool_failed' } }]);
    expect(chinese.content).toBe(`${CHINESE_PREFIX}1e308*10：calculate 工具报错：'*' 的结果太大，超出了数值范围（位置 5）`);
  });

  it('asks to rephrase arithmetic it cannot read instead of computing part of it', async () => {
    const english = await askWithBundledTools('What is 2 + * 3?');
    expect(english.toolCalls).toEqual([]);
    expect(english.content).toBe(
      `${PREFIX}I couldn't read "2 + * 3" as arithmetic, so I calculated nothing; please rephrase it, for example "What is (3 + 4) * 5?".`,
    );
    const chinese = await askWithBundledTools('计算 (3+4');
    expect(chinese.toolCalls).toEqual([]);
    expect(chinese.content).toBe(`${CHINESE_PREFIX}我没能把“(3+4”读成算式，所以没有计算；请换个写法，例如“计算 (3+4)*5”。`);
  });
});

describe('Chinese replies without tool results', () => {
  const ask = (content: string, extra: Partial<ChatCompletionCreateParamsNonStreaming> = {}) =>
    client.chat.completions.create({ model: 'toolcycle-offline', messages: user(content), tools: bundledTools, ...extra });

  it('explain what the demo can do when nothing is recognisable', async () => {
    const completion = await ask('讲个笑话');
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    expect(completion.choices[0]!.message.content).toMatch(
      /^\[离线演示模型\] 我是离线运行的规则式演示模型.*get_weather.*get_time.*calculate/s,
    );
  });

  it('ask for a city, or an IANA zone, when there is none they know', async () => {
    expect((await ask('火星天气怎么样？')).choices[0]!.message.content).toBe(
      `${CHINESE_PREFIX}要查天气，请告诉我城市名，例如“巴黎天气怎么样？”。`,
    );
    expect((await ask('Atlantis现在几点？')).choices[0]!.message.content).toBe(
      `${CHINESE_PREFIX}我不知道“Atlantis”的时区；请换用 IANA 时区名再问一次，例如“Europe/Berlin 现在几点？”。`,
    );
  });

  it('say in Chinese why a tool could not be used', async () => {
    expect((await ask('巴黎天气怎么样？', { tool_choice: 'none' })).choices[0]!.message.content).toBe(
      `${CHINESE_PREFIX}巴黎的天气：无法查询，因为本次请求禁用了工具调用（tool_choice: "none"）。`,
    );
    expect((await ask('东京现在几点？', { tools: [calculateTool] })).choices[0]!.message.content).toBe(
      `${CHINESE_PREFIX}东京（Asia/Tokyo）的时间：无法查询，因为本次请求没有提供 get_time 工具。`,
    );
  });

  it('quote a tool error under a Chinese label', async () => {
    const completions = await runLoop({ messages: user('Atlantis和巴黎的天气'), tools: bundledTools });
    const answer = completions.at(-1)!.choices[0]!.message.content ?? '';
    expect(answer).toContain('- Atlantis的天气：get_weather 工具报错：Unknown city: Atlantis');
    expect(answer).toContain('- 巴黎的天气：city: Paris, temperature: 18, conditions: clear');
  });
});

describe('demo intent parsing: arithmetic', () => {
  const expressions = (text: string) => findIntents(text).calls.filter((call) => call.name === 'calculate').map((call) => call.arguments.expression);

  it.each([
    ['3乘以4', '3 * 4'],
    ['10除以4', '10 / 4'],
    ['5加上3', '5 + 3'],
    ['9减2', '9 - 2'],
    ['负3乘以4', '-3 * 4'],
    ['16的平方根', 'sqrt(16)'],
    ['根号2是多少', 'sqrt(2)'],
    ['(3+4)的平方', '(3+4)^2'],
    ['2的-1次方', '2^-1'],
    ['（３＋４）×５', '(3+4)*5'],
    ['１０÷４＝？', '10/4'],
    ['２＾１０', '2^10'],
    ['the square root of 16', 'sqrt(16)'],
    ['sqrt 16', 'sqrt(16)'],
    ['3 squared', '3^2'],
    ['2 to the power of 10', '2 ^ 10'],
    ['7 mod 3', '7 % 3'],
    ['3 x 4', '3 * 4'],
    ['what is 2²', '2^2'],
    ['what is 1,000 + 1', '1000 + 1'],
    ['what is 1e999 + 1', '1e999 + 1'],
    ['what is 10 − 4', '10 - 4'],
    ['(what is 2+3)', '2+3'],
    ['2 + 3 and 4 * 5', '2 + 3'],
  ])('%s → calculate %s', (text, expression) => {
    expect(expressions(text)[0]).toBe(expression);
  });

  it.each(['e.g. the weather in Paris', 'the meeting is on 2024-05-01', '新加坡天气怎么样', 'weather in Paris for the next 3 days', 'time in Europe/Lisbon', '3 times a day', 'weather in Paris for 3–5 days'])(
    '%s has no calculation',
    (text) => {
      expect(expressions(text)).toEqual([]);
      expect(findIntents(text).unresolved.filter((item) => item.kind === 'unclear_expression')).toEqual([]);
    },
  );

  it.each([
    ['what is 2 + * 3', '2 + * 3'],
    ['计算 (3+4', '(3+4'],
    ['2+3)', '2+3)'],
    ['what is 5 +', '5 +'],
  ])('%s is unclear: nothing is computed, the user is asked to rephrase', (text, expression) => {
    const intents = findIntents(text);
    expect(intents.calls).toEqual([]);
    expect(intents.unresolved).toEqual([{ kind: 'unclear_expression', expression }]);
  });
});

describe('demo intent parsing: language and places', () => {
  it.each([
    ['weather in 北京', 'en', [{ name: 'get_weather', arguments: { city: 'Beijing' }, subject: 'Beijing' }]],
    ['Paris天气怎么样', 'zh', [{ name: 'get_weather', arguments: { city: 'Paris' }, subject: '巴黎' }]],
    ['北京', 'zh', []],
    ['（３＋４）×５', 'zh', [{ name: 'calculate', arguments: { expression: '(3+4)*5' }, subject: '(3+4)*5' }]],
    ['2+3', 'en', [{ name: 'calculate', arguments: { expression: '2+3' }, subject: '2+3' }]],
  ] as const)('%s is read as %s', (text, language, calls) => {
    const intents = findIntents(text);
    expect(intents.language).toBe(language);
    expect(intents.calls).toEqual(calls);
  });

  it.each([
    ['北京的天气和东京的时间', [['get_weather', 'Beijing'], ['get_time', 'Asia/Tokyo']]],
    ['东京现在几点，天气怎么样？', [['get_time', 'Asia/Tokyo'], ['get_weather', 'Tokyo']]],
    ['天气怎么样？北京', [['get_weather', 'Beijing']]],
    ['巴黎、伦敦以及罗马的天气', [['get_weather', 'Paris'], ['get_weather', 'London'], ['get_weather', 'Rome']]],
    ['罗马尼亚天气', []],
    ['北京时间现在几点', [['get_time', 'Asia/Shanghai']]],
    ['Europe/Lisbon现在几点', [['get_time', 'Europe/Lisbon']]],
    ['Springfield的天气', [['get_weather', 'Springfield']]],
    ["weather in St. John's and time in Washington D.C.", [['get_weather', "St. John's"], ['get_time', 'America/New_York']]],
    ['time in the Hague', [['get_time', 'Europe/Amsterdam']]],
    ['weather in bombay', [['get_weather', 'Mumbai']]],
    ['El Salvador weather', []],
  ])('%s → %j', (text, expected) => {
    expect(findIntents(text).calls.map((call) => [call.name, Object.values(call.arguments)[0]])).toEqual(expected);
  });

  it('takes the unit from Chinese words too', () => {
    expect(findIntents('巴黎华氏温度').calls).toEqual([
      { name: 'get_weather', arguments: { city: 'Paris', unit: 'fahrenheit' }, subject: '巴黎' },
    ]);
  });

  it('says what is missing, in the question’s language', () => {
    expect(findIntents('今天天气怎么样？')).toEqual({ language: 'zh', calls: [], unresolved: [{ kind: 'weather_needs_city' }] });
    expect(findIntents('现在几点？')).toEqual({ language: 'zh', calls: [], unresolved: [{ kind: 'time_needs_place' }] });
    expect(findIntents('time in Atlantis')).toEqual({ language: 'en', calls: [], unresolved: [{ kind: 'unknown_time_zone', place: 'Atlantis' }] });
  });
});
