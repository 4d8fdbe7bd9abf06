import pg from 'pg';
import { TURN_NOTICE_CHANNEL } from './durable-names.js';

/**
 * Wake-ups for clients waiting on turns, over PostgreSQL LISTEN/NOTIFY: a worker notifies the turn's
 * workflow id whenever it publishes something a client may wait for. A notice is only a hint to look
 * again (DBOS's client polls, every 10 s for events by default), so waiters also look every
 * `fallbackMs` in case a notice was lost or the connection was down.
 */
export class TurnNotices {
  private connection: pg.Client | undefined;
  private readonly waiters = new Map<string, Set<(how?: 'notice' | 'timeout') => void>>();
  private closed = false;
  private reconnectDelayMs = 100;

  constructor(
    private readonly databaseUrl: string,
    readonly fallbackMs: number,
  ) {}

  async start(): Promise<void> {
    const connection = new pg.Client({ connectionString: this.databaseUrl });
    connection.on('notification', (notice) => this.wake(notice.payload ?? ''));
    connection.on('error', () => this.reconnect(connection));
    connection.on('end', () => this.reconnect(connection));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${TURN_NOTICE_CHANNEL}`);
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    this.connection = connection;
    this.reconnectDelayMs = 100;
    // Whatever was notified while the connection was down is found by looking again now.
    for (const id of this.waiters.keys()) this.wake(id);
  }

  /**
   * Resolves at the next notice for `workflowId` (`notice`), or after `fallbackMs` (`timeout`).
   * Register before looking, so that no notice falls in between.
   */
  next(workflowId: string): { promise: Promise<'notice' | 'timeout'>; cancel(): void } {
    let finish!: (how: 'notice' | 'timeout') => void;
    const promise = new Promise<'notice' | 'timeout'>((resolve) => (finish = resolve));
    const set = this.waiters.get(workflowId) ?? new Set();
    this.waiters.set(workflowId, set);
    const timer = setTimeout(() => done('timeout'), this.fallbackMs);
    const done = (how: 'notice' | 'timeout' = 'notice') => {
      clearTimeout(timer);
      set.delete(done);
      if (set.size === 0 && this.waiters.get(workflowId) === set) this.waiters.delete(workflowId);
      finish(how);
    };
    set.add(done);
    return { promise, cancel: () => done() };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of this.waiters.values()) for (const done of [...set]) done();
    await this.connection?.end().catch(() => undefined);
  }

  private wake(workflowId: string): void {
    for (const done of [...(this.waiters.get(workflowId) ?? [])]) done();
  }

  private reconnect(broken: pg.Client): void {
    if (this.closed || this.connection !== broken) return;
    this.connection = undefined;
    void broken.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.start().catch(() => {
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 5000);
        setTimeout(retry, this.reconnectDelayMs).unref();
      });
    };
    setTimeout(retry, this.reconnectDelayMs).unref();
  }
}
