import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { bundledTools, clientFor, weatherTool } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const messages = [{ role: 'user' as const, content: 'What is the weather in Paris and Tokyo?' }];
const longText = 'The quick brown fox jumps over the lazy dog — twice, with émojis 🦊🐶 for good measure.';

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('streaming', () => {
  it('reassembles content through the SDK stream helper exactly like the non-streaming reply', async () => {
    server = await startOfflineModel({ script: [{ content: longText }, { content: longText }] });
    const client = clientFor(server);

    const stream = client.chat.completions.stream({ model: 'gpt-test', messages });
    const deltas: string[] = [];
    stream.on('content', (delta) => deltas.push(delta));
    const streamed = await stream.finalChatCompletion();
    const plain = await client.chat.completions.create({ model: 'gpt-test', messages });

    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(longText);
    expect(streamed.choices[0]?.message).toMatchObject({ role: 'assistant', content: longText, refusal: null });
    expect(streamed.choices[0]?.finish_reason).toBe('stop');
    expect(streamed.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
  });

  it('reassembles several tool calls (and content before them) exactly', async () => {
    const parisArgs = { city: 'Paris', unit: 'celsius' };
    const tokyoArgs = '{"city": "Tokyo", "note": "a rather long argument string to split"}';
    server = await startOfflineModel({
      script: [
        {
          content: 'Checking both cities.',
          toolCalls: [
            { name: 'get_weather', arguments: parisArgs },
            { id: 'call_fixed', name: 'get_weather', arguments: tokyoArgs },
          ],
        },
      ],
    });
    const stream = clientFor(server).chat.completions.stream({ model: 'gpt-test', messages, tools: [weatherTool] });
    const doneEvents: string[] = [];
    stream.on('tool_calls.function.arguments.done', (event) => doneEvents.push(event.arguments));
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]?.message;

    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.content).toBe('Checking both cities.');
    expect(message?.tool_calls).toEqual([
      { id: 'call_offline0001', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(parisArgs) } },
      { id: 'call_fixed', type: 'function', function: { name: 'get_weather', arguments: tokyoArgs } },
    ]);
    expect(doneEvents).toEqual([JSON.stringify(parisArgs), tokyoArgs]);
  });

  it('sends chunks shaped like OpenAI: role first, announced tool call, split arguments, empty finish delta', async () => {
    server = await startOfflineModel({ script: [{ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }] });
    const stream = await clientFor(server).chat.completions.create({
      model: 'gpt-test',
      messages,
      tools: [weatherTool],
      stream: true,
    });
    const chunks = await collect(stream);

    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-test')).toBe(true);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    const deltas = chunks.map((c) => c.choices[0]?.delta);
    expect(deltas[0]).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ index: 0, id: 'call_offline0001', type: 'function', function: { name: 'get_weather', arguments: '' } }],
    });
    const argumentPieces = deltas.slice(1, -1).map((d) => d?.tool_calls?.[0]);
    expect(argumentPieces.length).toBeGreaterThan(1);
    expect(argumentPieces.every((piece) => piece?.index === 0 && piece.id === undefined)).toBe(true);
    expect(argumentPieces.map((piece) => piece?.function?.arguments).join('')).toBe('{"city":"Paris"}');
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it('adds a usage chunk with no choices when stream_options.include_usage is set', async () => {
    server = await startOfflineModel({ script: [{ content: 'four' }, { content: 'four' }] });
    const client = clientFor(server);
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'gpt-test',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const usageChunk = chunks.at(-1);

    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    const final = await client.chat.completions
      .stream({ model: 'gpt-test', messages, stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(final.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 });
  });

  it('ends the raw event stream with data: [DONE]', async () => {
    server = await startOfflineModel({ script: [{ content: 'hi' }] });
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages, stream: true }),
    });
    const text = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = text.split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events[0]!.slice(6)).choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
  });

  it('answers a scripted error on a streaming request with a plain error status', async () => {
    server = await startOfflineModel({ script: [{ error: { status: 400, message: 'nope' } }] });
    const stream = clientFor(server).chat.completions.stream({ model: 'gpt-test', messages, tools: bundledTools });
    await expect(stream.finalChatCompletion()).rejects.toMatchObject({ status: 400, message: '400 nope' });
  });
});
