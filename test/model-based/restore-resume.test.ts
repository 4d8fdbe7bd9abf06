import { createActor, waitFor, type SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createLifecycleMachine } from '../../src/index.js';
import { createToolHarness, nextTick, TOOL_NAMES } from '../support/model-based-tools.js';
import { scriptedModel } from '../support/scripted-model.js';

// Found by the model-based suite's rule "no write-once call ever runs twice, also across resume",
// checked here with a real restore instead of a `resume` sent to a live actor: XState starts every
// child that was active in a persisted snapshot again when the restored actor starts, so the
// `executeToolCalls` actor restarts with the round's original input, and runs the write-once call
// that was running (and the ones not started yet) before `resume` is processed; `resume` then
// stops it and answers the call `interrupted`, though it ran twice. The same restart re-sends an
// in-flight request before `resume` re-sends it once more.
describe('a snapshot restored in the middle of a round, then resumed', () => {
  async function runUntilWriting() {
    const harness = createToolHarness(() => ({ kind: 'hang' }));
    const { client, server } = await scriptedModel([
      { toolCalls: [{ id: 'w1', name: TOOL_NAMES.send, arguments: { query: 'once' } }] },
      { content: 'Sent.' },
      { content: 'Sent.' },
    ]);
    const machine = createLifecycleMachine({ client, model: 'm', tools: harness.tools });
    const first = createActor(machine);
    first.start();
    first.send({ type: 'user.message', content: 'Send it.' });
    await waitFor(first, (snapshot) => snapshot.context.turn.toolCalls.some((call) => call.status === 'running'));
    await nextTick();
    // What a durable runner stores, and the process dies.
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot())) as SnapshotFrom<typeof machine>;
    first.stop();
    return { harness, server, machine, persisted };
  }

  it('does not run the write-once call again', async () => {
    const { harness, machine, persisted } = await runUntilWriting();
    expect(harness.started.map((start) => start.id)).toEqual(['w1']);

    const restored = createActor(machine, { snapshot: persisted });
    restored.start();
    // A runner that awaits anything between start and resume (a store, a subscription). Sent in the
    // same tick as start(), `resume` happens to stop the restarted runner before the tool runs.
    await nextTick();
    restored.send({ type: 'resume' });
    const answered = await waitFor(restored, (snapshot) => snapshot.matches('idle'));

    const outcomes = answered.context.turn.settledToolCalls.map((call) => (call.status === 'failed' ? call.error.kind : call.status));
    expect(outcomes).toEqual(['interrupted']);
    expect(harness.started.map((start) => start.id), 'runs of the write-once call').toEqual(['w1']);
    restored.stop();
  });
});
