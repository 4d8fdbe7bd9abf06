import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, openSession, StoreConflictError, type SessionSnapshot, type SessionStore } from '../../src/index.js';
import { WIRE_MODES, wireModel, wireOptions } from '../support/wire-modes.js';

/** A store that takes its time and remembers every save, to check what was on "disk" when. */
function slowStore(delayMs = 20) {
  const saved: SessionSnapshot[] = [];
  let version = 0;
  let failNext: Error | undefined;
  const store: SessionStore = {
    load: async () => (saved.length ? { snapshot: saved.at(-1)!, version } : undefined),
    save: async (_id, snapshot, expected) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (failNext) throw failNext;
      if (expected !== version) throw new StoreConflictError('conflict', 's', expected);
      saved.push(JSON.parse(JSON.stringify(snapshot)) as SessionSnapshot);
      return (version += 1);
    },
    delete: async () => undefined,
  };
  return { store, saved, failAll: (error: Error) => (failNext = error) };
}

describe.each(WIRE_MODES)('a session with a store ($name)', (mode) => {
  it('saves the user message before the request goes out, and a write-once call as running before it runs', async () => {
    const { store, saved } = slowStore();
    const seenByModel: number[] = [];
    const seenByTool: string[][] = [];
    const { newSession } = await wireModel(mode, (_request, { index }) => {
      seenByModel.push(saved.at(-1)?.context.messages.length ?? 0);
      return index === 0 ? { toolCalls: [{ id: 'c1', name: 'charge', arguments: {} }] } : { content: 'charged' };
    });
    const charge = defineTool({
      name: 'charge',
      description: 'Charges a card.',
      parameters: z.object({}),
      effect: 'write_once',
      execute: () => {
        seenByTool.push(saved.at(-1)!.context.turn.toolCalls.map((call) => `${call.id}:${call.status}`));
        return 'ok';
      },
    });
    const session = newSession({ model: 'm', tools: [charge], store, sessionId: 's' });
    expect((await session.ask('charge it')).content).toBe('charged');
    await session.flush();
    // The first request left with the user message stored; the second with the tool result stored.
    expect(seenByModel).toEqual([1, 3]);
    expect(seenByTool).toEqual([['c1:running']]);
    expect(saved.at(-1)).toMatchObject({ state: 'idle', sessionId: 's' });
  });

  it('a save that fails stops the session: the turn rejects with the store error, and nothing else runs', async () => {
    const { store, failAll } = slowStore(5);
    let ran = 0;
    const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [{ id: 'c1', name: 'charge', arguments: {} }] }, { content: 'x' }]);
    const charge = defineTool({ name: 'charge', description: 'Charges.', parameters: z.object({}), effect: 'write_once', execute: () => (ran += 1) });
    const session = newSession({ model: 'm', tools: [charge], store, sessionId: 's' });
    failAll(new StoreConflictError('Session s was saved by someone else.', 's', 1));
    await expect(session.ask('go')).rejects.toBeInstanceOf(StoreConflictError);
    expect(ran).toBe(0);
    expect(bodies()).toHaveLength(0);
    await expect(session.ask('again')).rejects.toBeInstanceOf(StoreConflictError);
  });

  it('openSession continues a stored conversation, and starts a new one when there is none', async () => {
    const { store } = slowStore(1);
    const { client } = await wireModel(mode, [{ content: 'first' }, { content: 'second' }]);
    const fresh = await openSession({ client, ...wireOptions(mode), model: 'm', store, sessionId: 's' });
    await fresh.ask('one');
    await fresh.flush();
    fresh.stop();
    const continued = await openSession({ client, ...wireOptions(mode), model: 'm', store, sessionId: 's' });
    expect(continued.messages.map((message) => message.content)).toEqual(['one', 'first']);
    await continued.ask('two');
    expect(continued.messages.map((message) => message.content)).toEqual(['one', 'first', 'two', 'second']);
  });
});
