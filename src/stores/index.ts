export type { SessionStore, StoredSession } from '../session/session-store.js';
export { createFileStore } from './file-store.js';
export { createPostgresStore, type PostgresStoreOptions, type PostgresQueryable } from './postgres-store.js';
export { StoreConflictError } from '../conversation/errors.js';
