import { APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { clientFor, expectApiError } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'hello' }] };

describe('raw replies', () => {
  it('send exactly the scripted body, which the SDK hands over as it is', async () => {
    const toolCallWithoutFunction = {
      id: 'chatcmpl-raw',
      object: 'chat.completion',
      created: 0,
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function' }] },
        },
      ],
    };
    server = await startOfflineModel({
      script: [
        { raw: { body: '{}' } },
        { raw: { body: '{"choices":[]}' } },
        { raw: { body: JSON.stringify(toolCallWithoutFunction) } },
        { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Gateway says hi</body></html>' } },
      ],
    });
    const client = clientFor(server);

    expect(await client.chat.completions.create(ask)).toEqual({});
    expect(await client.chat.completions.create(ask)).toEqual({ choices: [] });
    const completion = await client.chat.completions.create(ask);
    expect(completion.choices[0]?.message.tool_calls?.[0]).toEqual({ id: 'call_1', type: 'function' });
    // A body that is not JSON comes back as text: the client, not the SDK, must notice.
    expect(await client.chat.completions.create(ask)).toBe('<html><body>Gateway says hi</body></html>');
  });

  it('send the scripted status and headers', async () => {
    server = await startOfflineModel({
      script: [
        { raw: { status: 503, headers: { 'content-type': 'text/plain', 'x-should-retry': 'false' }, body: 'upstream down' } },
      ],
    });
    const error = await expectApiError(clientFor(server, 2).chat.completions.create(ask), 503);
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toBe('503 upstream down');
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect(server.requests).toHaveLength(1);
  });

  it('answer a streaming request verbatim too, so a test can hand-write an event stream', async () => {
    const chunk = {
      id: 'c',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'hand-written' }, finish_reason: null }],
    };
    const body = `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
    server = await startOfflineModel({ script: [{ raw: { headers: { 'content-type': 'text/event-stream' }, body } }] });
    const stream = await clientFor(server).chat.completions.create({ ...ask, stream: true });
    const contents: unknown[] = [];
    for await (const received of stream) contents.push(received.choices[0]?.delta.content);
    expect(contents).toEqual(['hand-written']);
  });
});
