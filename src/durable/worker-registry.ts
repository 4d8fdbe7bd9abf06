import type { Pool } from 'pg';

export const WORKERS_TABLE = 'toolcycle_durable_workers';

/**
 * Which workers are alive, in PostgreSQL: one row per worker id with the database's time of its last
 * heartbeat. The database's clock is the only one used, so workers on machines whose clocks
 * disagree still agree on who is late.
 */
export class WorkerRegistry {
  /** Every start of a process gets its own instance id: two processes can never both hold a worker id. */
  readonly instanceId = crypto.randomUUID();

  constructor(
    private readonly pool: Pool,
    readonly workerId: string,
    readonly applicationVersion: string,
    /** A worker whose last heartbeat is older than this is dead. */
    readonly deadAfterMs: number,
  ) {}

  static readonly schema = `CREATE TABLE IF NOT EXISTS ${WORKERS_TABLE} (
    worker_id text PRIMARY KEY,
    application_version text NOT NULL,
    instance_id text NOT NULL,
    started_at timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    reaped_at timestamptz,
    reaped_by text
  )`;

  /**
   * Takes the worker id, unless a live process holds it (its heartbeat is fresh). A reaper resuming
   * this id's workflows holds its row locked, so this waits for it to finish: the workflows it resumed
   * are then no longer this id's, and DBOS's own recovery at launch cannot run them a second time.
   */
  async claim(): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${WORKERS_TABLE} (worker_id, application_version, instance_id, started_at, heartbeat_at)
       VALUES ($1, $2, $3, clock_timestamp(), clock_timestamp())
       ON CONFLICT (worker_id) DO UPDATE SET application_version = EXCLUDED.application_version, instance_id = EXCLUDED.instance_id,
         started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at, reaped_at = NULL, reaped_by = NULL
       WHERE ${WORKERS_TABLE}.heartbeat_at < clock_timestamp() - make_interval(secs => $4)`,
      [this.workerId, this.applicationVersion, this.instanceId, this.deadAfterMs / 1000],
    );
    return rowCount === 1;
  }

  /** False when the id is no longer this process's: it missed its heartbeats so long that another process took it. */
  async beat(): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE ${WORKERS_TABLE} SET heartbeat_at = clock_timestamp() WHERE worker_id = $1 AND instance_id = $2`, [
      this.workerId,
      this.instanceId,
    ]);
    return rowCount === 1;
  }

  /** A worker that stops on purpose says so, so that its unfinished workflows are resumed at once rather than after `deadAfterMs`. */
  async retire(): Promise<void> {
    await this.pool.query(`UPDATE ${WORKERS_TABLE} SET heartbeat_at = '-infinity' WHERE worker_id = $1 AND instance_id = $2`, [this.workerId, this.instanceId]);
  }
}
