import type { Reaper } from './reaper.js';
import type { WorkerRegistry } from './worker-registry.js';

/**
 * A worker's heartbeat, and its look for dead workers after each beat. It reaps only once its own
 * heartbeats have succeeded without a gap for `deadAfterMs`: after PostgreSQL was unreachable (a
 * restart), every worker's last heartbeat is old, and a reaper that looked at once would take the
 * turns of workers that are alive and simply have not beaten again yet. By the time its own streak
 * is that long, every live worker has had as long to beat again.
 */
export class Pulse {
  private healthySince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly registry: WorkerRegistry,
    private readonly reaper: Reaper,
    private readonly options: {
      intervalMs: number;
      /** The worker id was taken by another process: this one must stop running turns. */
      onLost(): void;
      onReaped?(workflowIds: string[]): void;
      onError?(error: unknown): void;
    },
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.beat().finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }

  private async beat(): Promise<void> {
    const startedAt = performance.now();
    try {
      if (!(await this.registry.beat())) {
        this.stopped = true;
        this.options.onLost();
        return;
      }
      this.healthySince ??= startedAt;
      if (startedAt - this.healthySince < this.registry.deadAfterMs) return;
      const resumed = await this.reaper.reap();
      if (resumed.length > 0) this.options.onReaped?.(resumed);
    } catch (error) {
      this.healthySince = undefined;
      this.options.onError?.(error);
    }
  }
}
