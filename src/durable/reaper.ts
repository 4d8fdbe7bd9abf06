import type { Pool } from 'pg';
import { DBOS } from './dbos.js';
import { inTransaction } from './postgres-transaction.js';
import { WORKERS_TABLE, type WorkerRegistry } from './worker-registry.js';

/**
 * Resumes the unfinished turns of dead workers (DBOS leaves a dead executor's PENDING workflows
 * alone; its own recovery runs only in a process with the same executor id, and Conductor, which
 * does this for DBOS Cloud, is a paid service). A worker is dead when its heartbeat is older than
 * `deadAfterMs` by the database's clock. Its row stays locked while its workflows are handed back to
 * the queue, so two reapers never resume the same worker and a restarting process with that id
 * waits until the handover is done.
 */
export class Reaper {
  constructor(
    private readonly pool: Pool,
    private readonly registry: WorkerRegistry,
    private readonly queueName: string,
  ) {}

  /** Resumes every dead worker's PENDING turns on the queue; resolves with the workflow ids it resumed. */
  async reap(): Promise<string[]> {
    const { workerId, applicationVersion, deadAfterMs } = this.registry;
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ worker_id: string }>(
        `SELECT worker_id FROM ${WORKERS_TABLE}
         WHERE worker_id <> $1 AND application_version = $2 AND reaped_at IS NULL AND heartbeat_at < clock_timestamp() - make_interval(secs => $3)
         FOR UPDATE SKIP LOCKED`,
        [workerId, applicationVersion, deadAfterMs / 1000],
      );
      if (rows.length === 0) return [];
      const dead = rows.map((row) => row.worker_id);
      const pending = await DBOS.listWorkflows({ status: 'PENDING', executorId: dead, applicationVersion, loadInput: false, loadOutput: false });
      const ids = pending.map((workflow) => workflow.workflowID);
      // Back on the turn queue, so the queue's concurrency limits apply to them like to any other turn.
      if (ids.length > 0) await DBOS.resumeWorkflows(ids, { queueName: this.queueName });
      await client.query(`UPDATE ${WORKERS_TABLE} SET reaped_at = clock_timestamp(), reaped_by = $1 WHERE worker_id = ANY($2)`, [workerId, dead]);
      return ids;
    });
  }
}
