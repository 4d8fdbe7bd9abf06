import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/index.js';
import { createToolHarness, TOOL_NAMES } from '../support/model-based-tools.js';
import { scriptedModel } from '../support/scripted-model.js';

// Found by the model-based suite (a streamed reply must be the reply the same answer gives
// unstreamed): a loose server that sends one id for two calls gets two calls with unique ids when
// the reply is read whole, but the stream accumulator glues the second call's fragments onto the
// first (same id, other index), so the model's two calls become one with both argument strings
// concatenated, which is then answered `invalid_json`.
describe('two calls of one reply that share an id', () => {
  const reply = {
    toolCalls: [
      { id: 'dup', name: TOOL_NAMES.lookup, arguments: { query: 'first' } },
      { id: 'dup', name: TOOL_NAMES.lookup, arguments: { query: 'second' } },
    ],
  };

  async function callsOfTurn(stream: boolean) {
    const harness = createToolHarness(() => ({ kind: 'ok', release: Promise.resolve() }));
    const { client } = await scriptedModel([reply, { content: 'done' }]);
    const session = createSession({ client, model: 'm', tools: harness.tools, stream });
    const result = await session.ask('Look up both.');
    return result.toolCalls.map((call) => ({ arguments: call.arguments, error: call.error?.kind }));
  }

  it('are two calls, streamed or not', async () => {
    const whole = await callsOfTurn(false);
    expect(whole).toEqual([
      { arguments: { query: 'first' }, error: undefined },
      { arguments: { query: 'second' }, error: undefined },
    ]);
    expect(await callsOfTurn(true)).toEqual(whole);
  });
});
