import { createActor, waitFor, type SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createLifecycleMachine } from '../../src/index.js';
import { createToolHarness, nextTick, TOOL_NAMES } from '../support/model-based-tools.js';
import { CHAT_MODE, WIRE_MODES, wireModel, type WireMode } from '../support/wire-modes.js';

// Found by the model-based suite's rule "no write-once call ever runs twice, also across resume",
// checked with a real restore: XState starts every child that was active in a persisted snapshot
// (`getPersistedSnapshot()`) again when the restored actor starts, so the `executeToolCalls` actor
// restarts with the round's original input and runs the write-once call a second time. That is
// why toolcycle's snapshots (`session.snapshot()`) hold the state and the context only: restored,
// nothing runs until `resume()`, which applies the effect rules.
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('a snapshot restored in the middle of a round, then resumed', () => {
  async function writing(mode: WireMode = CHAT_MODE) {
    const harness = createToolHarness(() => ({ kind: 'hang' }));
    const { client, newSession } = await wireModel(mode, [{ toolCalls: [{ id: 'w1', name: TOOL_NAMES.send, arguments: { query: 'once' } }] }, { content: 'Sent.' }, { content: 'Sent.' }]);
    return { harness, client, newSession };
  }

  it.each(WIRE_MODES)('does not run the write-once call again (session.snapshot, createSession({ snapshot }), resume; $name)', async (mode) => {
    const { harness, newSession } = await writing(mode);
    const first = newSession({ model: 'm', tools: harness.tools });
    void first.ask('Send it.').catch(() => undefined);
    await waitFor(first.actor, (snapshot) => snapshot.context.turn.toolCalls.some((call) => call.status === 'running'));
    await until(() => harness.started.length === 1);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    first.stop();

    const restored = newSession({ model: 'm', tools: harness.tools, snapshot });
    // A runner may await anything between restoring and resuming: nothing runs meanwhile.
    await nextTick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.started.map((start) => start.id)).toEqual(['w1']);
    const result = await restored.resume();
    expect(result.toolCalls.map((call) => call.error?.kind)).toEqual(['interrupted']);
    expect(harness.started.map((start) => start.id), 'runs of the write-once call').toEqual(['w1']);
    restored.stop();
  });

  it('XState’s own persisted snapshot restarts the round at once — the hazard toolcycle’s snapshots avoid', async () => {
    const { harness, client } = await writing();
    const machine = createLifecycleMachine({ client, model: 'm', tools: harness.tools });
    const first = createActor(machine).start();
    first.send({ type: 'user.message', content: 'Send it.' });
    await waitFor(first, (snapshot) => snapshot.context.turn.toolCalls.some((call) => call.status === 'running'));
    await until(() => harness.started.length === 1);
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot())) as SnapshotFrom<typeof machine>;
    first.stop();
    const restored = createActor(machine, { snapshot: persisted }).start();
    await nextTick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.started.map((start) => start.id)).toEqual(['w1', 'w1']);
    restored.stop();
  });
});
