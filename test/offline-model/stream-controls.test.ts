import { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startOfflineModel,
  type OfflineModelServer,
  type ScriptedReply,
  type ScriptedStreamControls,
} from '../../src/offline-model/index.js';
import { clientFor, weatherTool } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const messages = [{ role: 'user' as const, content: 'Weather in Paris and Tokyo?' }];
const parisArgs = '{"city":"Paris","unit":"celsius"}';
const tokyoArgs = '{"city":"Tokyo"}';
const twoCalls = (stream: ScriptedStreamControls): ScriptedReply => ({
  toolCalls: [
    { id: 'call_paris', name: 'get_weather', arguments: parisArgs },
    { id: 'call_tokyo', name: 'get_weather', arguments: tokyoArgs },
  ],
  stream,
});

/** Streams one scripted reply through the SDK and collects what it yields, and what it throws. */
async function streamReply(reply: ScriptedReply, options: { includeUsage?: boolean } = {}) {
  await server?.close();
  server = await startOfflineModel({ script: [reply] });
  const stream = await clientFor(server).chat.completions.create({
    model: 'gpt-test',
    messages,
    tools: [weatherTool],
    stream: true,
    ...(options.includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  const chunks: ChatCompletionChunk[] = [];
  let thrown: unknown;
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    thrown = error;
  }
  const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  return { chunks, thrown, toolDeltas };
}

const argumentsOf = (deltas: readonly ChatCompletionChunk.Choice.Delta.ToolCall[], id: string) => {
  const own = deltas.filter((delta) => delta.id === id);
  return own.map((delta) => delta.function?.arguments ?? '').join('');
};

describe('stream controls', () => {
  it('by default names a call only in its first fragment and indexes calls by position', async () => {
    const { toolDeltas, thrown } = await streamReply(twoCalls({}));
    expect(thrown).toBeUndefined();
    expect(toolDeltas.filter((delta) => delta.id !== undefined).map((delta) => [delta.index, delta.id])).toEqual([
      [0, 'call_paris'],
      [1, 'call_tokyo'],
    ]);
  });

  it('repeats the id on every fragment when idOnlyInFirstFragment is false', async () => {
    const { toolDeltas } = await streamReply(twoCalls({ idOnlyInFirstFragment: false }));
    expect(toolDeltas.length).toBeGreaterThan(2);
    expect(toolDeltas.every((delta) => delta.id === 'call_paris' || delta.id === 'call_tokyo')).toBe(true);
    expect(argumentsOf(toolDeltas, 'call_paris')).toBe(parisArgs);
    expect(argumentsOf(toolDeltas, 'call_tokyo')).toBe(tokyoArgs);
  });

  it("sends index 0 for every call with index: 'zero', and no index with index: 'missing'", async () => {
    const zero = await streamReply(twoCalls({ index: 'zero' }));
    expect(new Set(zero.toolDeltas.map((delta) => delta.index))).toEqual(new Set([0]));

    const missing = await streamReply(twoCalls({ index: 'missing' }));
    expect(missing.toolDeltas.length).toBeGreaterThan(2);
    expect(missing.toolDeltas.some((delta) => 'index' in delta)).toBe(false);
  });

  it('splits each call into exactly argumentFragments fragments after the announcing chunk', async () => {
    const { toolDeltas } = await streamReply(twoCalls({ argumentFragments: 3 }));
    const fragments = (index: number) => toolDeltas.filter((delta) => delta.index === index && delta.id === undefined);
    expect(fragments(0).map((delta) => delta.function?.arguments)).toHaveLength(3);
    expect(fragments(1).map((delta) => delta.function?.arguments)).toHaveLength(3);
    expect(fragments(0).map((delta) => delta.function?.arguments).join('')).toBe(parisArgs);
    expect(fragments(1).map((delta) => delta.function?.arguments).join('')).toBe(tokyoArgs);
  });

  it('interleaves the fragments of parallel calls with interleave', async () => {
    const { toolDeltas } = await streamReply(twoCalls({ argumentFragments: 2, interleave: true }));
    expect(toolDeltas.map((delta) => delta.index)).toEqual([0, 1, 0, 1, 0, 1]);
    const sequential = await streamReply(twoCalls({ argumentFragments: 2 }));
    expect(sequential.toolDeltas.map((delta) => delta.index)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('keeps the usage-only final chunk when the deltas are reshaped', async () => {
    const reshaped = twoCalls({ interleave: true, index: 'zero', idOnlyInFirstFragment: false });
    const { chunks } = await streamReply(reshaped, { includeUsage: true });
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('cuts the connection after cutAfterChunk chunks: the SDK yields them, then throws', async () => {
    const { chunks, thrown } = await streamReply(twoCalls({ cutAfterChunk: 2 }));
    expect(chunks).toHaveLength(2);
    // The SDK does not wrap a body that dies mid-stream: it surfaces fetch's own error.
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String((thrown as Error).cause)).toMatch(/other side closed/);
    expect(server?.requests).toHaveLength(1);
  });

  it('sends an error event after errorEvent.afterChunks chunks, which the SDK throws as an APIError', async () => {
    const errorEvent = { message: 'The server had an error', code: 'overloaded', afterChunks: 3 };
    const { chunks, thrown } = await streamReply(twoCalls({ errorEvent }));
    expect(chunks).toHaveLength(3);
    expect(thrown).toBeInstanceOf(APIError);
    expect(thrown).toMatchObject({ status: undefined, message: errorEvent.message, code: 'overloaded', type: 'server_error' });
  });

  it('ends without data: [DONE] with omitDone: the SDK yields every chunk and stops without an error', async () => {
    const { chunks, thrown } = await streamReply(twoCalls({ omitDone: true }));
    expect(thrown).toBeUndefined();
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');

    await server?.close();
    server = await startOfflineModel({ script: [{ content: 'hi', stream: { omitDone: true } }, { content: 'hi' }] });
    const raw = async () => {
      const response = await fetch(`${server!.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages, stream: true }),
      });
      return (await response.text()).trimEnd().split('\n\n').at(-1);
    };
    expect(await raw()).toMatch(/^data: \{.*"finish_reason":"stop"/);
    expect(await raw()).toBe('data: [DONE]');
  });

  it('ignores stream controls on a request that does not stream', async () => {
    server = await startOfflineModel({ script: [twoCalls({ cutAfterChunk: 0, index: 'missing' })] });
    const completion = await clientFor(server).chat.completions.create({ model: 'gpt-test', messages, tools: [weatherTool] });
    expect(completion.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual(['call_paris', 'call_tokyo']);
  });
});
