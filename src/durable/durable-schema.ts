import type { Pool } from 'pg';
import type { SessionStore } from '../session/session-store.js';
import { DBOS } from './dbos.js';
import { ToolStartClaims } from './tool-start-claims.js';
import { WorkerRegistry } from './worker-registry.js';

/**
 * Creates DBOS's system tables and toolcycle's own (the worker registry, the tool claims, the
 * conversations' session store) one process at a time: workers and clients start side by side, and
 * concurrent first migrations deadlock (DBOS's, seen here) or collide (two `CREATE TABLE IF NOT
 * EXISTS` of one table).
 */
export async function ensureDurableSchema(pool: Pool, store: SessionStore, databaseUrl: string): Promise<void> {
  const client = await pool.connect();
  try {
    // Polled, not waited for: a session blocked in pg_advisory_lock is an open transaction, and DBOS's
    // migrations (CREATE INDEX CONCURRENTLY) wait for every open transaction — a deadlock.
    while (!(await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('toolcycle.durable.schema')) AS locked")).rows[0]?.locked) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await DBOS.migrate(databaseUrl);
    await client.query(WorkerRegistry.schema);
    await client.query(ToolStartClaims.schema);
    // The store creates its table on first use; that use happens here, inside the lock.
    await store.load('toolcycle.schema-probe');
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('toolcycle.durable.schema'))").catch(() => undefined);
    client.release();
  }
}
