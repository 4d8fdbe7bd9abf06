import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startOfflineModel,
  type OfflineModelServer,
  type ResponderMeta,
  type ScriptedReply,
} from '../../src/offline-model/index.js';
import { clientFor, expectApiError, expectBadRequest } from './support.js';
import { callOutputs, flatTools, replayed } from './responses-support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: ScriptedReply[]) {
  server = await startOfflineModel({ script });
  return clientFor(server);
}

describe('scripted replies as Responses', () => {
  it('turns text into a message item with output_text, with usage and the request echoed', async () => {
    const client = await start([{ content: 'Hello there.', usage: { prompt_tokens: 7, completion_tokens: 3 } }]);
    const response = await client.responses.create({ model: 'gpt-test', input: 'hi', temperature: 0.2, metadata: { run: '1' } });
    expect(response).toMatchObject({
      id: 'resp_offline0001',
      object: 'response',
      status: 'completed',
      model: 'gpt-test',
      error: null,
      incomplete_details: null,
      temperature: 0.2,
      metadata: { run: '1' },
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      store: true,
      output: [
        {
          id: 'msg_offline0001',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello there.', annotations: [], logprobs: [] }],
        },
      ],
      usage: { input_tokens: 7, output_tokens: 3, total_tokens: 10 },
    });
    // Computed by the SDK from the output, as against the API.
    expect(response.output_text).toBe('Hello there.');
  });

  it('turns tool calls into function_call items: call_id from the script or generated, fc_ item ids', async () => {
    const client = await start([
      {
        content: 'Let me check.',
        toolCalls: [
          { id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_time', arguments: '{"timezone":"Asia/Tokyo"}' },
        ],
      },
    ]);
    const response = await client.responses.create({ model: 'm', input: 'Paris weather and Tokyo time?', tools: flatTools });
    expect(response.output).toEqual([
      expect.objectContaining({ type: 'message', status: 'completed' }),
      {
        id: 'fc_offline0001',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_paris',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
      },
      {
        id: 'fc_offline0002',
        type: 'function_call',
        status: 'completed',
        call_id: 'call_offline0001',
        name: 'get_time',
        arguments: '{"timezone":"Asia/Tokyo"}',
      },
    ]);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
  });

  it('answers a length stop as incomplete, with the unfinished item incomplete', async () => {
    const client = await start([
      { content: 'Once upon a', finishReason: 'length' },
      { content: 'x', finishReason: 'content_filter' },
    ]);
    const cut = await client.responses.create({ model: 'm', input: 'story', max_output_tokens: 16 });
    expect(cut).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      max_output_tokens: 16,
      completed_at: null,
    });
    expect(cut.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    const filtered = await client.responses.create({ model: 'm', input: 'x' });
    expect(filtered).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });

  it('sends error replies as the same HTTP errors, and raw replies verbatim', async () => {
    const client = await start([
      { error: { status: 429, message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
      { raw: { status: 200, body: '{"object":"response","output":[]}' } },
    ]);
    const error = await expectApiError(client.responses.create({ model: 'm', input: 'hi' }), 429);
    expect(error.error).toEqual({ message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' });
    const raw = await client.responses.create({ model: 'm', input: 'hi' });
    expect(raw).toEqual({ object: 'response', output: [], output_text: '' });
  });

  it('shares one script and one call numbering between both endpoints', async () => {
    const indexes: number[] = [];
    server = await startOfflineModel({
      script: (_request, meta) => {
        indexes.push(meta.index);
        return { content: meta.responses ? 'from responses' : 'from chat' };
      },
    });
    const client = clientFor(server);
    const chat = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const response = await client.responses.create({ model: 'm', input: 'hi' });
    expect([chat.choices[0]?.message.content, response.output_text]).toEqual(['from chat', 'from responses']);
    expect(indexes).toEqual([0, 1]);

    const scripted = await startOfflineModel({ script: [{ content: 'one' }] });
    try {
      const scriptedClient = clientFor(scripted);
      await scriptedClient.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      const exhausted = await expectApiError(scriptedClient.responses.create({ model: 'm', input: 'hi' }), 500);
      expect(exhausted.code).toBe('script_exhausted');
    } finally {
      await scripted.close();
    }
  });
});

describe('what a Responder sees of a Responses request', () => {
  it('a Chat Completions request saying the same, and the original in meta.responses', async () => {
    let seen: { request: ChatCompletionCreateParams; meta: ResponderMeta } | undefined;
    server = await startOfflineModel({
      script: (request, meta) => {
        seen = { request, meta };
        return { content: 'ok' };
      },
    });
    const input: ResponseInputItem[] = [
      { role: 'developer', content: [{ type: 'input_text', text: 'Use metric.' }] },
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Look:' },
          { type: 'input_image', image_url: 'https://example.test/a.png', detail: 'high' },
        ],
      },
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Checking.', annotations: [] }],
      },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: '{"temperature":3}' }] },
    ];
    await clientFor(server).responses.create({
      model: 'gpt-test',
      instructions: 'Be brief.',
      input,
      tools: flatTools.slice(0, 1),
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
      max_output_tokens: 100,
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
    });
    expect(seen?.request).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image_url', image_url: { url: 'https://example.test/a.png', detail: 'high' } },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Checking.' }],
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '{"temperature":3}' }] },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: flatTools[0]?.parameters,
            strict: false,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      max_completion_tokens: 100,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    });
    expect(seen?.meta.responses?.items).toEqual(input);
    expect(seen?.meta.responses?.request).toMatchObject({ instructions: 'Be brief.', max_output_tokens: 100 });
  });

  it('allowed_tools as Chat Completions allowed_tools, and a string input as one user message', async () => {
    let seen: ChatCompletionCreateParams | undefined;
    server = await startOfflineModel({
      script: (request) => {
        seen = request;
        return { content: 'ok' };
      },
    });
    await clientFor(server).responses.create({
      model: 'm',
      input: 'hi',
      tools: flatTools,
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'calculate' }] },
    });
    expect(seen?.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(seen?.tool_choice).toEqual({
      type: 'allowed_tools',
      allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'calculate' } }] },
    });
  });
});

describe('the demo model over the Responses API', () => {
  /** Runs the demo's tool cycle with the bundled answers: call, answer each call, read the reply. */
  async function ask(question: string, options: { stateful: boolean }): Promise<{ first: Response; final: Response }> {
    server = await startOfflineModel();
    const client = clientFor(server);
    const results: Record<string, string> = {
      get_weather: '{"temperature":18,"unit":"celsius","condition":"cloudy"}',
      calculate: '{"result":42}',
    };
    const first = await client.responses.create({
      model: 'toolcycle-offline',
      input: question,
      tools: flatTools,
      store: options.stateful,
    });
    const outputs = callOutputs(first, (name) => results[name] ?? '{}');
    const final = options.stateful
      ? await client.responses.create({
          model: 'toolcycle-offline',
          previous_response_id: first.id,
          input: outputs,
          tools: flatTools,
        })
      : await client.responses.create({
          model: 'toolcycle-offline',
          input: [{ role: 'user', content: question }, ...replayed(first), ...outputs],
          tools: flatTools,
          store: false,
        });
    return { first, final };
  }

  it('calls the bundled tools and answers from their results, with previous_response_id', async () => {
    const { first, final } = await ask('What is the weather in Paris and what is 6 * 7?', { stateful: true });
    expect(first.output.map((item) => (item.type === 'function_call' ? [item.name, item.arguments] : item.type))).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['calculate', '{"expression":"6 * 7"}'],
    ]);
    expect(final.output_text).toContain('6 * 7 = 42');
    expect(final.output_text).toMatch(/Paris/);
    expect(final.output_text).toMatch(/18/);
  });

  it('answers in Chinese when asked in Chinese, statelessly', async () => {
    const { first, final } = await ask('巴黎天气怎么样？', { stateful: false });
    expect(first.output).toEqual([
      expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' }),
    ]);
    expect(final.output_text).toMatch(/巴黎/);
    expect(final.output_text).toMatch(/18/);
  });

  it('gives a reasoning item when asked to include one, which the next request must send back', async () => {
    server = await startOfflineModel();
    const client = clientFor(server);
    const response = await client.responses.create({
      model: 'toolcycle-offline',
      input: 'what is 2 + 3',
      tools: flatTools,
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    const [reasoning, callItem] = response.output;
    if (reasoning?.type !== 'reasoning' || callItem?.type !== 'function_call') throw new Error('expected reasoning, then a call');
    await expectBadRequest(
      client.responses.create({
        model: 'toolcycle-offline',
        input: [{ role: 'user', content: 'what is 2 + 3' }, callItem, ...callOutputs(response, () => '5')],
        store: false,
      }),
      {
        message: `Item '${callItem.id}' of type 'function_call' was provided without its required 'reasoning' item: '${reasoning.id}'.`,
        param: 'input',
      },
    );
  });
});
