import { describe, expect, it } from 'vitest';
import { ApiRequestError, TurnCancelledError, type Session, type TurnEvent } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedCompletionReply, ScriptedReply, ScriptedStreamControls } from '../../src/offline-model/index.js';
import { echoTool } from '../support/test-tools.js';
import { RESPONSES_MODES, WIRE_MODES, wireModel, type WireMode } from '../support/wire-modes.js';

const twoCalls = (stream?: ScriptedStreamControls): ScriptedCompletionReply => ({
  toolCalls: [
    { id: 'call_paris', name: 'echo', arguments: { text: 'Paris, the city of light' } },
    { id: 'call_tokyo', name: 'echo', arguments: { text: 'Tokyo' } },
  ],
  ...(stream ? { stream } : {}),
});
const answer = (stream?: ScriptedStreamControls): ScriptedCompletionReply => ({ content: 'Both echoed, in many small pieces.', ...(stream ? { stream } : {}) });

async function collect(mode: WireMode, script: ScriptedReply[], options: { tools?: ReturnType<typeof echoTool>[]; maxRetries?: number } = {}) {
  const { newSession, bodies, wireBodies } = await wireModel(mode, [...script, { content: 'the next turn works' }], { maxRetries: options.maxRetries ?? 0 });
  const session = newSession({ model: 'm', tools: options.tools ?? [echoTool()], stream: true });
  const events: TurnEvent[] = [];
  let failure: unknown;
  try {
    for await (const event of session.stream('go')) events.push(event);
  } catch (error) {
    failure = error;
  }
  return { session, events, failure, bodies, wireBodies };
}

async function nextTurnWorks(session: Session, bodies: () => { messages: unknown[] }[]) {
  expect(findConversationProblem(session.messages)).toBeUndefined();
  if (session.actor.getSnapshot().matches('failed')) await session.retry().catch(() => undefined);
  const next = await session.ask('and now?');
  expect(typeof next.content).toBe('string');
  for (const body of bodies()) expect(findConversationProblem(body.messages)).toBeUndefined();
}

/** How each API asks for a stream that reports usage: Chat Completions needs `include_usage`, a Response always carries it. */
const STREAMED_BODY = { chat: { stream: true, stream_options: { include_usage: true } }, responses: { stream: true } };

describe.each(WIRE_MODES)('streaming through the machine ($name)', (mode) => {
  it('sends a streamed request (with usage) in both request stages, and yields typed events ending with turn.done', async () => {
    const { events, wireBodies, failure } = await collect(mode, [twoCalls(), answer()]);
    expect(failure).toBeUndefined();
    for (const body of wireBodies().slice(0, 2)) expect(body).toMatchObject(STREAMED_BODY[mode.api]);
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

  const controls: [string, ScriptedStreamControls][] = [
    ['interleaved fragments of parallel calls', { interleave: true, argumentFragments: 5 }],
    ['one fragment per call', { argumentFragments: 1 }],
    ['the id only in the first fragment', { idOnlyInFirstFragment: true, interleave: true }],
    ['index 0 for every call', { index: 'zero', idOnlyInFirstFragment: false }],
    ['index 0 for every call, id only in the first fragment', { index: 'zero' }],
    ['no index at all', { index: 'missing', idOnlyInFirstFragment: false }],
    ['no index and the id only once', { index: 'missing' }],
  ];
  // Ids and indexes are how Chat Completions deltas name their call; Responses events name their item.
  const applying = controls.filter(([, stream]) => mode.api === 'chat' || (stream.index === undefined && stream.idOnlyInFirstFragment === undefined));
  it.each(applying)('puts calls back together from %s, never gluing two together', async (_label, stream) => {
    const { events, session, bodies, failure } = await collect(mode, [twoCalls(stream), answer()]);
    expect(failure).toBeUndefined();
    const turn = events.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
    expect(turn.result.toolCalls.map((call) => [call.id, call.arguments])).toEqual([
      ['call_paris', { text: 'Paris, the city of light' }],
      ['call_tokyo', { text: 'Tokyo' }],
    ]);
    await nextTurnWorks(session, bodies);
  });

  it('empty arguments stream as an empty object, a usage-only last chunk is counted', async () => {
    const { events, failure } = await collect(mode, [
      { toolCalls: [{ id: 'e1', name: 'noargs', arguments: '' }], usage: { prompt_tokens: 7, completion_tokens: 3 } },
      { content: 'ok', usage: { prompt_tokens: 11, completion_tokens: 2 } },
    ], { tools: [echoTool('noargs', () => 'ran', {})] });
    expect(failure).toBeUndefined();
    const done = events.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>;
    expect(done.result.usage).toEqual({ promptTokens: 18, completionTokens: 5, totalTokens: 23 });
    expect(done.result.toolCalls[0]!.error?.kind).toBe('invalid_arguments');
  });

  it('arguments cut short by the length limit become an invalid_json error, as without streaming', async () => {
    const { events, failure } = await collect(mode, [{ toolCalls: [{ id: 'l1', name: 'echo', arguments: '{"text": "unterminat' }], finishReason: 'length' }, answer()]);
    expect(failure).toBeUndefined();
    expect((events.at(-1) as Extract<TurnEvent, { type: 'turn.done' }>).result.toolCalls[0]!.error?.kind).toBe('invalid_json');
  });

  it('a stream cut at every chunk boundary fails retryably, records nothing half-built, and retry() resends the same request', async () => {
    // How many chunks (Responses: events) the reply has, counted through the SDK.
    const probe = await wireModel(mode, [twoCalls()]);
    const chunks =
      mode.api === 'chat'
        ? await probe.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true })
        : await probe.client.responses.create({ model: 'm', input: 'x', stream: true });
    let count = 0;
    for await (const _chunk of chunks) count += 1;
    expect(count).toBeGreaterThan(5);

    for (let cut = 0; cut < count; cut += 1) {
      const { session, failure, bodies, wireBodies } = await collect(mode, [twoCalls({ cutAfterChunk: cut }), twoCalls(), answer()]);
      expect(failure, `cut after ${cut}`).toBeInstanceOf(ApiRequestError);
      // Cut before the first byte of the body, it is a lost connection; after, an interrupted stream.
      expect(failure).toMatchObject({ code: cut === 0 ? 'connection_error' : 'stream_interrupted', stage: 'decide' });
      // Only the user's message: no half-built assistant message entered the history.
      expect(session.messages).toEqual([{ role: 'user', content: 'go' }]);
      const result = await session.retry();
      expect(result.steps, `cut after ${cut}`).toBe(1);
      expect(wireBodies()[1]).toEqual(wireBodies()[0]);
      await nextTurnWorks(session, bodies);
    }
  });

  it('an error event mid-stream is an ApiRequestError with the API’s message and code', async () => {
    const { failure, session, bodies } = await collect(mode, [answer({ errorEvent: { message: 'The server had an error.', code: 'server_error', afterChunks: 2 } }), answer()]);
    expect(failure).toMatchObject({ name: 'ApiRequestError', code: 'server_error', status: null });
    expect((failure as Error).message).toContain('The server had an error.');
    await nextTurnWorks(session, bodies);
  });

  it('cancelling at every chunk boundary keeps the streamed text, flagged as partial, and a valid history', async () => {
    // Five content chunks of this reply: cancelled after each of the first four.
    const text = 'One two three four five six seven eight nine ten.';
    for (let after = 1; after <= 4; after += 1) {
      const { newSession, bodies } = await wireModel(mode, [{ content: text, stream: { argumentFragments: 1 } }, { content: 'next' }]);
      const session = newSession({ model: 'm', stream: true });
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
      mode,
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

describe.each(RESPONSES_MODES)('faults only a Responses stream has ($name)', (mode) => {
  it('response.failed is a retryable ApiRequestError with the API’s message, and nothing half-built is recorded', async () => {
    const { failure, session, bodies } = await collect(mode, [twoCalls({ failedEvent: { message: 'The model crashed.', afterChunks: 4 } }), twoCalls(), answer()]);
    expect(failure).toMatchObject({ name: 'ApiRequestError', code: 'response_failed', stage: 'decide' });
    expect((failure as Error).message).toContain('The model crashed.');
    expect(session.messages).toEqual([{ role: 'user', content: 'go' }]);
    await nextTurnWorks(session, bodies);
  });

  it('a stream that ends without response.completed is interrupted: the response in it is never recorded', async () => {
    const { failure, session, bodies } = await collect(mode, [answer({ omitDone: true }), answer()]);
    expect(failure).toMatchObject({ name: 'ApiRequestError', code: 'stream_interrupted', stage: 'decide' });
    expect(session.messages).toEqual([{ role: 'user', content: 'go' }]);
    await nextTurnWorks(session, bodies);
  });
});

describe.each(WIRE_MODES)('a streamed run and a non-streamed run of the same script ($name)', (mode) => {
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
      const { newSession } = await wireModel(mode, script);
      const session = newSession({ model: 'm', tools: [echoTool()], stream });
      const result = await session.ask('go');
      const timeless = { ...result, toolCalls: result.toolCalls.map((call) => ({ ...call, durationMs: 0 })) };
      return { messages: session.messages, result: timeless };
    };
    expect(await run(true)).toEqual(await run(false));
  });
});
