import { describe, expect, it } from 'vitest';
import { createToolHarness, TOOL_NAMES } from '../support/model-based-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';

// Found by the model-based suite (a streamed reply must be the reply the same answer gives
// unstreamed): a loose server that sends one id for two calls gets two calls with unique ids when
// the reply is read whole, but the stream accumulator glues the second call's fragments onto the
// first (same id, other index), so the model's two calls become one with both argument strings
// concatenated, which is then answered `invalid_json`. Over the Responses API the calls are
// `function_call` items with the same `call_id`; the streamed events must name each call by the id
// it has in the history too.
describe.each(WIRE_MODES)('two calls of one reply that share an id ($name)', (mode) => {
  const reply = {
    toolCalls: [
      { id: 'dup', name: TOOL_NAMES.lookup, arguments: { query: 'first' } },
      { id: 'dup', name: TOOL_NAMES.lookup, arguments: { query: 'second' } },
    ],
  };

  async function callsOfTurn(stream: boolean) {
    const harness = createToolHarness(() => ({ kind: 'ok', release: Promise.resolve() }));
    const { newSession } = await wireModel(mode, [reply, { content: 'done' }]);
    const session = newSession({ model: 'm', tools: harness.tools, stream });
    const startedIds: string[] = [];
    const result = await session.ask('Look up both.', { onEvent: (event) => event.type === 'tool_call.started' && startedIds.push(event.id) });
    const calls = result.toolCalls.map((call) => ({ arguments: call.arguments, error: call.error?.kind }));
    return { calls, ids: result.toolCalls.map((call) => call.id), startedIds };
  }

  it('are two calls, streamed or not, and the stream names each by its own id', async () => {
    const whole = await callsOfTurn(false);
    expect(whole.calls).toEqual([
      { arguments: { query: 'first' }, error: undefined },
      { arguments: { query: 'second' }, error: undefined },
    ]);
    const streamed = await callsOfTurn(true);
    expect(streamed.calls).toEqual(whole.calls);
    expect(new Set(streamed.ids).size).toBe(2);
    expect(streamed.startedIds).toEqual(streamed.ids);
  });
});
