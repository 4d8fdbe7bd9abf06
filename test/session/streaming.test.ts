import { describe, expect, it } from 'vitest';
import { ApiRequestError, createSession, TurnCancelledError, type TurnEvent } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedCompletionReply, ScriptedReply, ScriptedStreamControls } from '../../src/offline-model/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

const twoCalls = (stream?: ScriptedStreamControls): ScriptedCompletionReply => ({
  toolCalls: [
    { id: 'call_paris', name: 'echo', arguments: { text: 'Paris, the city of light' } },
    { id: 'call_tokyo', name: 'echo', arguments: { text: 'Tokyo' } },
  ],
  ...(stream ? { stream } : {}),
});
const answer = (stream?: ScriptedStreamControls): ScriptedCompletionReply => ({ content: 'Both echoed, in many small pieces.', ...(stream ? { stream } : {}) });

async function collect(script: ScriptedReply[], options: { tools?: ReturnType<typeof echoTool>[]; maxRetries?: number } = {}) {
  const { client, bodies } = await scriptedModel([...script, { content: 'the next turn works' }], { maxRetries: options.maxRetries ?? 0 });
  const session = createSession({ client, model: 'm', tools: options.tools ?? [echoTool()], stream: true });
  const events: TurnEvent[] = [];
  let failure: unknown;
  try {
    for await (const event of session.stream('go')) events.push(event);
  } catch (error) {
    failure = error;
  }
  return { session, events, failure, bodies };
}

async function nextTurnWorks(session: ReturnType<typeof createSession>, bodies: () => { messages: unknown[] }[]) {
  expect(findConversationProblem(session.messages)).toBeUndefined();
  if (session.actor.getSnapshot().matches('failed')) await session.retry().catch(() => undefined);
  const next = await session.ask('and now?');
  expect(typeof next.content).toBe('string');
  for (const body of bodies()) expect(findConversationProblem(body.messages)).toBeUndefined();
}

describe('streaming through the machine', () => {
  it('sends stream: true with include_usage in both request stages, and yields typed events ending with turn.done', async () => {
    const { events, bodies, failure } = await collect([twoCalls(), answer()]);
    expect(failure).toBeUndefined();
    for (const body of bodies().slice(0, 2)) expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'tool_call.started')).toHaveLength(2);
    expect(events.filter((event) => event.type === 'tool_call.started')).toEqual([
      { type: 'tool_call.started', id: 'call_paris', index: 0, name: 'echo' },
      { type: 'tool_call.started', id: 'call_tokyo', index: 1, name: 'echo' },
    ]);
    const args = events.filter((event) => event.type === 'tool_call.arguments.delta' && event.id === 'call_paris');
    expect(args.map((event) => (event as { delta: string }).delta).join('')).toBe('{"text":"Paris, the city of light"}');
    expect(events.filter((event) => event.type === 'tool_call.settled').map((event) => (event as { id: string }).id).sort()).toEqual(['call_paris', 'call_tokyo']);
    const text = events.flatMap((event) => (event.type === 'content.delta' ? [event.delta] : [])).join('');
    expect(text).toBe('Both echoed, in many small pieces.');
    expect(types.indexOf('tool_call.started')).toBeLessThan(types.indexOf('tool_call.settled'));
    expect(events.at(-1)).toMatchObject({ type: 'turn.done', result: { content: text, steps: 1 } });
  });

  it.each<[string, ScriptedStreamControls]>([
    ['interleaved fragments of parallel calls', { interleave: true, argumentFragments: 5 }],
    ['the id only in the first fragment', { idOnlyInFirstFragment: true, interleave: true }],
    ['index 0 for every call', { index: 'zero', idOnlyInFirstFragment: false }],
    ['index 0 for every call, id only in the first fragment', { index: 'zero' }],
    ['no index at all', { index: 'missing', idOnlyInFirstFragment: false }],
    ['no index and the id only once', { index: 'missing' }],
  ])('puts calls back together from %s, never gluing two together', async (_label, stream) => {
    const { events, session, bodies, failure } = await collect([twoCalls(stream), answer()]);
    expect(failure).toBeUndefined();
    const turn = events.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
    expect(turn.result.toolCalls.map((call) => [call.id, call.arguments])).toEqual([
      ['call_paris', { text: 'Paris, the city of light' }],
      ['call_tokyo', { text: 'Tokyo' }],
    ]);
    await nextTurnWorks(session, bodies);
  });

  it('empty arguments stream as an empty object, a usage-only last chunk is counted', async () => {
    const { events, failure } = await collect([
      { toolCalls: [{ id: 'e1', name: 'noargs', arguments: '' }], usage: { prompt_tokens: 7, completion_tokens: 3 } },
      { content: 'ok', usage: { prompt_tokens: 11, completion_tokens: 2 } },
    ], { tools: [echoTool('noargs', () => 'ran', {})] });
    expect(failure).toBeUndefined();
    const done = events.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
    expect(done.result.usage).toEqual({ promptTokens: 18, completionTokens: 5, totalTokens: 23 });
    expect(done.result.toolCalls[0]!.error?.kind).toBe('invalid_arguments');
  });

  it('arguments cut short by the length limit become an invalid_json error, as without streaming', async () => {
    const { events, failure } = await collect([{ toolCalls: [{ id: 'l1', name: 'echo', arguments: '{"text": "unterminat' }], finishReason: 'length' }, answer()]);
    expect(failure).toBeUndefined();
    expect((events.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>).result.toolCalls[0]!.error?.kind).toBe('invalid_json');
  });

  it('a stream cut at every chunk boundary fails retryably, records nothing half-built, and retry() resends the same request', async () => {
    // How many chunks the reply has, counted through the SDK.
    const probe = await scriptedModel([twoCalls()]);
    const chunks = await probe.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    let count = 0;
    for await (const _chunk of chunks) count += 1;
    expect(count).toBeGreaterThan(5);

    for (let cut = 0; cut < count; cut += 1) {
      const { session, failure, bodies } = await collect([twoCalls({ cutAfterChunk: cut }), twoCalls(), answer()]);
      expect(failure, `cut after ${cut}`).toBeInstanceOf(ApiRequestError);
      // Cut before the first byte of the body, it is a lost connection; after, an interrupted stream.
      expect(failure).toMatchObject({ code: cut === 0 ? 'connection_error' : 'stream_interrupted', stage: 'decide' });
      // Only the user's message: no half-built assistant message entered the history.
      expect(session.messages).toEqual([{ role: 'user', content: 'go' }]);
      const result = await session.retry();
      expect(result.steps, `cut after ${cut}`).toBe(1);
      expect(bodies()[1]).toEqual(bodies()[0]);
      await nextTurnWorks(session, bodies);
    }
  });

  it('an error event mid-stream is an ApiRequestError with the API’s message and code', async () => {
    const { failure, session, bodies } = await collect([answer({ errorEvent: { message: 'The server had an error.', code: 'server_error', afterChunks: 2 } }), answer()]);
    expect(failure).toMatchObject({ name: 'ApiRequestError', code: 'server_error', status: null });
    expect((failure as Error).message).toContain('The server had an error.');
    await nextTurnWorks(session, bodies);
  });

  it('cancelling at every chunk boundary keeps the streamed text, flagged as partial, and a valid history', async () => {
    // Five content chunks of this reply: cancelled after each of the first four.
    const text = 'One two three four five six seven eight nine ten.';
    for (let after = 1; after <= 4; after += 1) {
      const { client, bodies } = await scriptedModel([{ content: text, stream: { argumentFragments: 1 } }, { content: 'next' }]);
      const session = createSession({ client, model: 'm', stream: true });
      const controller = new AbortController();
      let deltas = 0;
      const turn = session.ask('count', {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'content.delta' && (deltas += 1) === after) controller.abort();
        },
      });
      const error = await turn.catch((caught: unknown) => caught);
      expect(error, `cancelled after ${after} deltas (of ${deltas})`).toBeInstanceOf(TurnCancelledError);
      const partial = (error as TurnCancelledError).partialContent;
      expect(partial.length).toBeGreaterThan(0);
      expect(text.startsWith(partial)).toBe(true);
      expect(findConversationProblem(session.messages)).toBeUndefined();
      expect((await session.ask('next')).content).toBe('next');
      for (const body of bodies()) expect(findConversationProblem(body.messages)).toBeUndefined();
    }
  });

  it('request.retry events show each retry of the SDK, with the status that caused it', async () => {
    const { events, failure } = await collect(
      [{ error: { status: 503, message: 'busy' } }, { error: { status: 503, message: 'busy' } }, answer()],
      { maxRetries: 2 },
    );
    expect(failure).toBeUndefined();
    expect(events.filter((event) => event.type === 'request.retry')).toEqual([
      { type: 'request.retry', attempt: 2, maxAttempts: 3, status: 503 },
      { type: 'request.retry', attempt: 3, maxAttempts: 3, status: 503 },
    ]);
  });
});

describe('a streamed run and a non-streamed run of the same script', () => {
  const scripts: [string, ScriptedReply[]][] = [
    ['a direct answer', [{ content: 'Hello there.' }]],
    ['one call', [{ toolCalls: [{ id: 'c1', name: 'echo', arguments: { text: 'ping' } }] }, { content: 'It said ping.' }]],
    ['parallel calls', [twoCalls(), answer()]],
    ['a chain of rounds', [{ toolCalls: [{ id: 'r1', name: 'echo', arguments: { text: 'a' } }] }, { toolCalls: [{ id: 'r2', name: 'echo', arguments: { text: 'b' } }] }, { content: 'two rounds' }]],
    ['bad calls', [{ toolCalls: [{ id: 'b1', name: 'nope', arguments: {} }, { id: 'b2', name: 'echo', arguments: '{"text": ' }] }, { content: 'recovered' }]],
    ['an empty answer', [{ content: null }]],
    ['a length stop', [{ content: 'cut', finishReason: 'length' }]],
    ['usage', [{ content: 'counted', usage: { prompt_tokens: 5, completion_tokens: 1 } }]],
  ];

  it.each(scripts)('%s: the same messages and the same TurnResult', async (_label, script) => {
    const run = async (stream: boolean) => {
      const { client } = await scriptedModel(script);
      const session = createSession({ client, model: 'm', tools: [echoTool()], stream });
      const result = await session.ask('go');
      const timeless = { ...result, toolCalls: result.toolCalls.map((call) => ({ ...call, durationMs: 0 })) };
      return { messages: session.messages, result: timeless };
    };
    expect(await run(true)).toEqual(await run(false));
  });
});
