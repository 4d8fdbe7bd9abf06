import type { StateValue } from 'xstate';
import { isLifecycleState } from '../../machines/lifecycle.js';
import type { LifecycleContext } from '../../machines/lifecycle-types.js';
import { SessionSnapshotError, StoreConflictError, type TurnErrorData } from '../conversation/errors.js';
import { readSessionSnapshot, sessionSnapshot, type SessionSnapshot } from '../session/session-snapshot.js';
import type { SessionStore } from '../session/session-store.js';

export type LoadedConversation = { ok: true; snapshot: SessionSnapshot | null } | { ok: false; error: TurnErrorData };

/**
 * A durable conversation between its turns: the session snapshot after its last turn, in a session
 * store (the PostgreSQL one in a worker), saved once per turn. The store's version therefore counts
 * finished turns, which is what keeps turns in order: turn N starts only from version N − 1 and
 * saves version N. The same row can be opened with `openSession` in a plain process.
 */
export class ConversationStates {
  constructor(private readonly store: SessionStore) {}

  async load(conversationId: string, turn: number): Promise<LoadedConversation> {
    const stored = await this.store.load(conversationId);
    const version = stored?.version ?? 0;
    if (version !== turn - 1) {
      const message =
        version < turn - 1
          ? `Turn ${turn} of conversation ${conversationId} cannot start: turn ${version + 1} has not finished.`
          : `Turn ${turn} of conversation ${conversationId} has already been taken: the conversation is at turn ${version}.`;
      return { ok: false, error: { name: 'InvalidTurnError', message, reason: 'turn_in_progress' } };
    }
    if (!stored) return { ok: true, snapshot: null };
    try {
      return { ok: true, snapshot: readSessionSnapshot(stored.snapshot, isLifecycleState) };
    } catch (error) {
      if (!(error instanceof SessionSnapshotError)) throw error;
      return { ok: false, error: { name: 'InvalidTurnError', message: error.message, reason: 'invalid_history' } };
    }
  }

  /**
   * Saves turn `turn`'s end state. A replay whose earlier run saved but was not recorded finds the
   * version already at `turn`: only this turn's workflow saves that version, so that save was its own.
   */
  async save(conversationId: string, turn: number, state: StateValue, context: LifecycleContext): Promise<void> {
    try {
      await this.store.save(conversationId, sessionSnapshot(conversationId, state, context), turn - 1);
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const stored = await this.store.load(conversationId);
      if (stored?.version !== turn) throw error;
    }
  }
}
