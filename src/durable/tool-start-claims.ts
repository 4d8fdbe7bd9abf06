import type { Pool } from 'pg';
import { withDbRetry } from './dbos.js';
import { inTransaction } from './postgres-transaction.js';

export const TOOL_STARTS_TABLE = 'toolcycle_durable_tool_starts';

/**
 * The record that a call which must never run twice (a `write_once` or `unspecified` tool) has
 * started. The tool's step claims its row before it runs the tool; the step is the only code that
 * runs the tool, and DBOS runs a step's code again only when the step's result was never recorded.
 * So when the row already exists, an earlier run of this very step got as far as the tool, which
 * may have taken effect: the call is answered `interrupted` instead of run again.
 *
 * The row is keyed by the workflow and the step's position in it (DBOS's function id), which is the
 * same in every replay and unique even if a model repeats a tool call id. The claim commits with
 * `synchronous_commit = on`, so it is on disk before the tool starts even when the DBOS system
 * database runs with `synchronous_commit = off`. A claim retried after a lost connection recognises
 * its own row by its token, so a claim whose commit was acknowledged too late still runs the tool.
 */
export class ToolStartClaims {
  constructor(
    private readonly pool: Pool,
    private readonly workerId: string,
  ) {}

  static readonly schema = `CREATE TABLE IF NOT EXISTS ${TOOL_STARTS_TABLE} (
    step_key text PRIMARY KEY,
    idempotency_key text NOT NULL,
    tool_name text NOT NULL,
    worker_id text NOT NULL,
    token text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`;

  /** True when this run may start the tool; false when some earlier run already did. */
  async claim(call: { workflowId: string; stepId: number; idempotencyKey: string; toolName: string }): Promise<boolean> {
    const stepKey = `${call.workflowId}#${call.stepId}`;
    const token = crypto.randomUUID();
    const rows = await withDbRetry(() =>
      inTransaction(this.pool, async (client) => {
        // On disk before the tool starts, whatever the server, the database or the URL set.
        await client.query('SET LOCAL synchronous_commit = on');
        // The SELECT half reads the snapshot from before the INSERT, so it finds a row only when the
        // INSERT found one (or a concurrent claim committed first), never this claim's own new row.
        const result = await client.query<{ token: string }>(
          `WITH inserted AS (
             INSERT INTO ${TOOL_STARTS_TABLE} (step_key, idempotency_key, tool_name, worker_id, token) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (step_key) DO NOTHING RETURNING token)
           SELECT token FROM inserted UNION ALL SELECT token FROM ${TOOL_STARTS_TABLE} WHERE step_key = $1`,
          [stepKey, call.idempotencyKey, call.toolName, this.workerId, token],
        );
        return result.rows;
      }),
    );
    return rows[0]?.token === token;
  }
}
