import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/index.js';
import { createToolHarness, TOOL_NAMES } from '../support/model-based-tools.js';
import { scriptedModel } from '../support/scripted-model.js';
import { historyProblem } from './invariants.js';

// Found by the model-based suite (the rest-state invariant in awaitingApproval): while a turn waits
// for approval, the round's calls are in the history without their `tool` messages, so
// `session.messages` ("always one the API accepts") is a history the API rejects.
describe('a turn that waits for approval', () => {
  it('hands out a history the API accepts', async () => {
    const harness = createToolHarness(() => ({ kind: 'ok', release: Promise.resolve() }));
    const { client } = await scriptedModel([{ toolCalls: [{ id: 'p1', name: TOOL_NAMES.publish, arguments: { query: 'x' } }] }]);
    const session = createSession({ client, model: 'm', tools: harness.tools });

    const result = await session.ask('Publish x.');

    expect(result.stopReason).toBe('approval_required');
    expect(historyProblem(session.messages)).toBeUndefined();
  });
});
