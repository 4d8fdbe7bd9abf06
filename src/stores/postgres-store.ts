import { StoreConflictError } from '../conversation/errors.js';
import type { SessionSnapshot } from '../session/session-snapshot.js';
import type { SessionStore, StoredSession } from '../session/session-store.js';

/** What the store needs of a `pg` Pool (or Client): `pg` stays an optional dependency of toolcycle. */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  end?(): Promise<void>;
}

export interface PostgresStoreOptions {
  /** A `postgres://` URL; toolcycle opens (and closes) a `pg` Pool for it. */
  connectionString?: string;
  /** Or your own Pool / Client; `close()` leaves it open. */
  pool?: PostgresQueryable;
  /** Default `toolcycle_sessions`. */
  table?: string;
}

/**
 * One row per session: `(id, version, snapshot jsonb, updated_at)`. Saves are optimistic: the UPDATE
 * only matches the version the writer read, the first INSERT only a missing row, so of two writers
 * of the same session one wins and the other gets `StoreConflictError`.
 */
export function createPostgresStore(options: PostgresStoreOptions): SessionStore {
  const table = options.table ?? 'toolcycle_sessions';
  if (!/^[a-z_][a-z0-9_]*$/i.test(table)) throw new Error(`Invalid table name "${table}".`);
  let pool: Promise<PostgresQueryable> | undefined;
  const ownsPool = options.pool === undefined;
  const connect = () =>
    (pool ??= (async () => {
      const db = options.pool ?? (await openPool(options.connectionString));
      await db.query(
        `CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, version integer NOT NULL, snapshot jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      );
      return db;
    })());

  return {
    async load(sessionId) {
      const db = await connect();
      const { rows } = await db.query(`SELECT version, snapshot FROM ${table} WHERE id = $1`, [sessionId]);
      const row = rows[0];
      return row ? ({ version: Number(row['version']), snapshot: row['snapshot'] as SessionSnapshot } satisfies StoredSession) : undefined;
    },
    async save(sessionId, snapshot, expectedVersion) {
      const db = await connect();
      const json = JSON.stringify(snapshot);
      const result =
        expectedVersion === 0
          ? await db.query(`INSERT INTO ${table} (id, version, snapshot) VALUES ($1, 1, $2::jsonb) ON CONFLICT (id) DO NOTHING`, [sessionId, json])
          : await db.query(`UPDATE ${table} SET version = version + 1, snapshot = $3::jsonb, updated_at = now() WHERE id = $1 AND version = $2`, [
              sessionId,
              expectedVersion,
              json,
            ]);
      if (result.rowCount !== 1) {
        throw new StoreConflictError(`Session ${sessionId} was saved by someone else since version ${expectedVersion}.`, sessionId, expectedVersion);
      }
      return expectedVersion + 1;
    },
    async delete(sessionId) {
      const db = await connect();
      await db.query(`DELETE FROM ${table} WHERE id = $1`, [sessionId]);
    },
    async close() {
      if (pool && ownsPool) await (await pool).end?.();
    },
  };
}

async function openPool(connectionString: string | undefined): Promise<PostgresQueryable> {
  if (!connectionString) throw new Error('createPostgresStore needs a connectionString or a pool.');
  let pg: { default?: { Pool: new (config: { connectionString: string }) => PostgresQueryable }; Pool?: new (config: { connectionString: string }) => PostgresQueryable };
  try {
    pg = (await import('pg')) as typeof pg;
  } catch {
    throw new Error('The PostgreSQL store needs the `pg` package: npm install pg');
  }
  const Pool = pg.default?.Pool ?? pg.Pool;
  if (!Pool) throw new Error('The `pg` package has no Pool export.');
  return new Pool({ connectionString });
}
