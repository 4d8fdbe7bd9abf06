import { expect, it } from 'vitest';
import { createSession, StoreConflictError, type SessionStore } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';

/** What every SessionStore must do, run against each implementation. */
export function storeContract(open: () => Promise<SessionStore> | SessionStore) {
  const snapshotOf = async (text: string) => {
    const { client } = await scriptedModel([{ content: text }]);
    const session = createSession({ client, model: 'm' });
    await session.ask('hi');
    session.stop();
    return session.snapshot();
  };

  it('loads nothing for an unknown session, then what was saved, version by version', async () => {
    const store = await open();
    const id = `s-${crypto.randomUUID()}`;
    expect(await store.load(id)).toBeUndefined();
    const first = await snapshotOf('one');
    expect(await store.save(id, first, 0)).toBe(1);
    expect(await store.load(id)).toEqual({ version: 1, snapshot: JSON.parse(JSON.stringify(first)) });
    const second = await snapshotOf('two');
    expect(await store.save(id, second, 1)).toBe(2);
    expect((await store.load(id))?.snapshot.context.messages.at(-1)).toMatchObject({ content: 'two' });
    await store.delete(id);
    expect(await store.load(id)).toBeUndefined();
    await store.close?.();
  });

  it('refuses a save over a version it did not read (optimistic concurrency)', async () => {
    const store = await open();
    const id = `s-${crypto.randomUUID()}`;
    const snapshot = await snapshotOf('x');
    await store.save(id, snapshot, 0);
    await expect(store.save(id, snapshot, 0)).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.save(id, snapshot, 5)).rejects.toMatchObject({ name: 'StoreConflictError', sessionId: id, expectedVersion: 5 });
    await store.close?.();
  });

  it('of two writers of the same version, exactly one wins', async () => {
    const store = await open();
    const id = `s-${crypto.randomUUID()}`;
    const snapshot = await snapshotOf('race');
    await store.save(id, snapshot, 0);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.save(id, snapshot, 1)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(StoreConflictError);
    expect((await store.load(id))?.version).toBe(2);
    await store.close?.();
  });

  it('keeps session ids apart, whatever characters they hold', async () => {
    const store = await open();
    const ids = ['a/b', 'a%2Fb', '../escape', 'ümlaut', 'x'.repeat(200)].map((id) => `${id}-${crypto.randomUUID()}`);
    const snapshot = await snapshotOf('ids');
    for (const id of ids) await store.save(id, snapshot, 0);
    for (const id of ids) expect((await store.load(id))?.version).toBe(1);
    await store.close?.();
  });
}
