import { InternalServerError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { clientFor, expectApiError, weatherTool } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = (content: string) => ({ model: 'gpt-test', messages: [{ role: 'user' as const, content }] });

describe('scripted mode, non-streaming', () => {
  it('returns a full chat.completion with content and deterministic usage', async () => {
    server = await startOfflineModel({ script: [{ content: 'Hello there' }] });
    expect(server.mode).toBe('scripted');
    expect(server.baseURL).toBe(`http://127.0.0.1:${server.port}/v1`);

    const completion = await clientFor(server).chat.completions.create(ask('Say hi please'));

    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-test');
    expect(typeof completion.created).toBe('number');
    expect(completion.choices).toHaveLength(1);
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message).toMatchObject({ role: 'assistant', content: 'Hello there', refusal: null });
    expect(choice?.message).not.toHaveProperty('tool_calls');
    // ceil(len("Say hi please") / 4) = ceil(13 / 4) and ceil(len("Hello there") / 4) = ceil(11 / 4)
    expect(completion.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
  });

  it('returns tool calls with null content, generated call ids and finish_reason tool_calls', async () => {
    server = await startOfflineModel({
      script: [
        {
          toolCalls: [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { id: 'call_given', name: 'get_weather', arguments: '{"city":"Tok' },
            { name: 'get_weather', arguments: { city: 'Rome' } },
          ],
        },
      ],
    });
    const completion = await clientFor(server).chat.completions.create({ ...ask('weather?'), tools: [weatherTool] });
    const message = completion.choices[0]?.message;

    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.content).toBeNull();
    expect(message?.tool_calls).toEqual([
      { id: 'call_offline0001', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      // A string is sent verbatim, malformed JSON included.
      { id: 'call_given', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tok' } },
      { id: 'call_offline0002', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
    ]);
  });

  it('honours finishReason and usage overrides', async () => {
    server = await startOfflineModel({
      script: [{ content: 'truncat', finishReason: 'length', usage: { prompt_tokens: 100, completion_tokens: 7 } }],
    });
    const completion = await clientFor(server).chat.completions.create(ask('long story'));
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 7, total_tokens: 107 });
  });

  it('consumes the script in order and answers 500 without retry hints once exhausted', async () => {
    server = await startOfflineModel({ script: [{ content: 'first' }, { content: 'second' }] });
    const client = clientFor(server, 2);

    expect((await client.chat.completions.create(ask('1'))).choices[0]?.message.content).toBe('first');
    expect((await client.chat.completions.create(ask('2'))).choices[0]?.message.content).toBe('second');
    const error = await expectApiError(client.chat.completions.create(ask('3')), 500);

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/script exhausted.*request #3.*2 replies/);
    // maxRetries is 2, yet x-should-retry: false means the SDK sent the third request only once.
    expect(server.requests).toHaveLength(3);
  });

  it('calls a responder function once per request with an increasing index', async () => {
    const seen: Array<{ index: number; text: unknown }> = [];
    server = await startOfflineModel({
      script: (request, { index }) => {
        seen.push({ index, text: request.messages[0]?.content });
        return { content: `reply ${index}` };
      },
    });
    const client = clientFor(server);
    const first = await client.chat.completions.create(ask('a'));
    const second = await client.chat.completions.create(ask('b'));

    expect(first.choices[0]?.message.content).toBe('reply 0');
    expect(second.choices[0]?.message.content).toBe('reply 1');
    expect(seen).toEqual([
      { index: 0, text: 'a' },
      { index: 1, text: 'b' },
    ]);
  });

  it('reports a throwing responder as a non-retryable 500 instead of crashing', async () => {
    server = await startOfflineModel({
      script: () => {
        throw new Error('boom');
      },
    });
    const error = await expectApiError(clientFor(server, 2).chat.completions.create(ask('x')), 500);
    expect(error.message).toContain('boom');
    expect(server.requests).toHaveLength(1);
  });
});

describe('scripted error replies', () => {
  it('answers with the given status and OpenAI error body, defaulting the type by status', async () => {
    server = await startOfflineModel({
      script: [
        { error: { status: 429, message: 'Rate limit reached', code: 'rate_limit_exceeded', type: 'requests' } },
        { error: { status: 404, message: 'The model does not exist' } },
        { error: { status: 503, message: 'Overloaded' } },
      ],
    });
    const client = clientFor(server);

    const rateLimited = await expectApiError(client.chat.completions.create(ask('a')), 429);
    expect(rateLimited).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
    expect(rateLimited.error).toEqual({ message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' });

    const notFound = await expectApiError(client.chat.completions.create(ask('b')), 404);
    expect(notFound).toMatchObject({ type: 'invalid_request_error', code: null });

    const unavailable = await expectApiError(client.chat.completions.create(ask('c')), 503);
    expect(unavailable).toMatchObject({ type: 'server_error' });
  });

  it('lets the SDK retry a 500 and succeed on the next scripted reply', async () => {
    server = await startOfflineModel({
      script: [{ error: { status: 500, message: 'transient failure' } }, { content: 'recovered' }],
    });
    const completion = await clientFor(server, 1).chat.completions.create(ask('retry me'));

    expect(completion.choices[0]?.message.content).toBe('recovered');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
  });
});

describe('request recording', () => {
  it('records each body with headers and receive time, in order', async () => {
    server = await startOfflineModel({ script: [{ content: 'a' }, { content: 'b' }] });
    const client = clientFor(server);
    const before = Date.now();
    await client.chat.completions.create({ ...ask('first'), temperature: 0.2 });
    await client.chat.completions.create({ ...ask('second'), tools: [weatherTool], tool_choice: 'auto' });

    expect(server.requests.map((r) => r.body.messages[0]?.content)).toEqual(['first', 'second']);
    expect(server.requests[0]?.body).toMatchObject({ model: 'gpt-test', temperature: 0.2 });
    expect(server.requests[1]?.body.tools).toEqual([weatherTool]);
    expect(server.requests[0]?.headers['authorization']).toBe('Bearer test');
    expect(server.requests[0]?.receivedAt).toBeGreaterThanOrEqual(before);
  });
});
