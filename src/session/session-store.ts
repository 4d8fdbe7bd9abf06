import type { SessionSnapshot } from './session-snapshot.js';

export interface StoredSession {
  snapshot: SessionSnapshot;
  /** Counts saves: 1 after the first. A save names the version it replaces. */
  version: number;
}

/**
 * Where sessions live between processes. `save` is optimistic: it replaces `expectedVersion` (0 for a
 * session not stored yet) and fails with `StoreConflictError` when another writer got there first,
 * so two processes never silently overwrite each other's turns.
 */
export interface SessionStore {
  load(sessionId: string): Promise<StoredSession | undefined>;
  /** Resolves with the new version. */
  save(sessionId: string, snapshot: SessionSnapshot, expectedVersion: number): Promise<number>;
  delete(sessionId: string): Promise<void>;
  close?(): Promise<void>;
}
