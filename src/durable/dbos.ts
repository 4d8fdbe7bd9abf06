/**
 * DBOS Transact, imported once. The package is CommonJS: Node's ESM loader sees only its default
 * export, so a named import (`import { DBOS } from …`) fails at run time on Node 20.
 */
import dbos from '@dbos-inc/dbos-sdk';
import serialization from '@dbos-inc/dbos-sdk/internal/serialization';
import systemDatabase from '@dbos-inc/dbos-sdk/internal/system_database';

export const { DBOS, DBOSClient } = dbos;
export type { DBOSClient as DBOSClientType, WorkflowStatus } from '@dbos-inc/dbos-sdk';

/**
 * Runs a query of ours under DBOS's own policy for its system-database calls: a lost connection is
 * retried with backoff until PostgreSQL is back, so a database restart pauses a turn's own queries
 * (its conversation load and save, its tool claims) just as it pauses DBOS's checkpoints, instead of
 * failing the turn. Exported by the SDK under `internal/`; the SDK is pinned to 5.3.x for it.
 */
export const { withDbRetry } = systemDatabase;

/**
 * DBOS's plain-JSON format (`portable_json`), which every DBOS reader understands whatever its own
 * serializer. A turn records only JSON (the machine's context is JSON by design), so the default,
 * SuperJSON, would only add its walk over every recorded value, the conversation's history included.
 */
export const { DBOSPortableJSON } = serialization;

/**
 * The database URL DBOS is given: with `idle_in_transaction_session_timeout` set when the connection
 * opens (as DBOS's default, 60 s) unless the URL sets it already. Otherwise DBOS sets it with a query
 * on every new connection, queued behind the borrower's first one, and pg 8.23 prints a deprecation
 * warning ("client.query() when the client is already executing a query") into the worker's and the
 * chat's output.
 */
export function dbosDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options') ?? '';
  if (options.includes('idle_in_transaction_session_timeout')) return databaseUrl;
  url.searchParams.set('options', `${options} -c idle_in_transaction_session_timeout=${systemDatabase.DEFAULT_IDLE_TRANSACTION_TIMEOUT_MS}`.trim());
  return url.toString();
}
