import type { RunnableToolCall } from '../conversation/tool-call-record.js';
import type { SessionStore } from './session-store.js';
import type { SessionSnapshot } from './session-snapshot.js';

/**
 * Saves a session's snapshots to its store in order, one write at a time, coalescing what piles up
 * while a write is in flight (only the newest matters). A session saves at every step boundary; a
 * call that must never run twice waits for `flush()`, so its `running` state is on disk before it
 * runs and a restart answers it as interrupted instead of running it again.
 */
export class SessionPersistence {
  private version: number;
  private latest: SessionSnapshot | undefined;
  private writing: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly store: SessionStore,
    private readonly sessionId: string,
    version: number,
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.version = version;
  }

  /** The first error a save failed with (a conflict, an unreachable database); the session stops on it. */
  get failed(): unknown {
    return this.failure;
  }

  save(snapshot: SessionSnapshot): void {
    if (this.failure !== undefined) return;
    this.latest = snapshot;
    this.writing ??= this.writeAll();
  }

  /** Resolves once everything handed to `save` so far is stored; rejects if that failed. */
  async flush(): Promise<void> {
    // An actor starts its effect before the session hears of the step that started it; one turn of
    // the microtask queue lets that step reach `save` first, so it is among what this waits for.
    await null;
    while (this.writing) await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for the call's `running` state to be stored; used as the runtime's `beforeToolRuns`. */
  readonly beforeToolRuns = (_call: RunnableToolCall) => this.flush();
  /** Waits for the conversation so far (the user's message first of all) to be stored before a request goes out. */
  readonly beforeRequest = () => this.flush();

  private async writeAll(): Promise<void> {
    try {
      while (this.latest !== undefined && this.failure === undefined) {
        const snapshot = this.latest;
        this.latest = undefined;
        this.version = await this.store.save(this.sessionId, snapshot, this.version);
      }
    } catch (error) {
      this.failure = error;
      this.onFailure(error);
    } finally {
      this.writing = undefined;
    }
  }
}
