import { describe, expect, it } from 'vitest';
import { createToolHarness, TOOL_NAMES } from '../support/model-based-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';
import { closeOpenToolCalls } from '../../src/conversation/close-open-tool-calls.js';
import { historyProblem } from './invariants.js';

// Found by the model-based suite: while a turn waits for approval, the round's calls are in the
// history without their `tool` messages. That is what the history is at that moment (the answers
// come after the decision); what the session promises is that it is valid up to them, and valid
// again as soon as the round is answered.
describe.each(WIRE_MODES)('a turn that waits for approval ($name)', (mode) => {
  it('hands out a history that is valid up to the round waiting for its answers, and whole after the decision', async () => {
    const harness = createToolHarness(() => ({ kind: 'ok', release: Promise.resolve() }));
    const { newSession } = await wireModel(mode, [{ toolCalls: [{ id: 'p1', name: TOOL_NAMES.publish, arguments: { query: 'x' } }] }]);
    const session = newSession({ model: 'm', tools: harness.tools });

    const result = await session.ask('Publish x.');

    expect(result.stopReason).toBe('approval_required');
    expect(historyProblem(session.messages)).toMatch(/p1/);
    expect(historyProblem(closeOpenToolCalls(session.messages))).toBeUndefined();
    expect(session.messages.at(-1)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'p1' }] });
    await session.decide({ p1: { approve: false } }).catch(() => undefined);
    expect(historyProblem(session.messages.slice(0, 3))).toBeUndefined();
  });
});
