import pg from 'pg';
import { InvalidOptionsError } from '../conversation/errors.js';
import { resolveLifecycleOptions, type LifecycleOptions } from '../session/lifecycle-options.js';
import { createPostgresStore } from '../stores/postgres-store.js';
import type { Tool } from '../tool-definition/tool.js';
import { ConversationStates } from './conversation-states.js';
import { DBOS, dbosDatabaseUrl, DBOSPortableJSON } from './dbos.js';
import { ensureDurableSchema } from './durable-schema.js';
import { applicationVersionOf, DEFAULT_APP_NAME, queueNameOf, TURN_NOTICE_CHANNEL, TURN_WORKFLOW_NAME } from './durable-names.js';
import { Pulse } from './pulse.js';
import { Reaper } from './reaper.js';
import { ToolStartClaims } from './tool-start-claims.js';
import { createTurnWorkflow, type StepEvent } from './turn-workflow.js';
import { WorkerRegistry } from './worker-registry.js';

export interface DurableWorkerOptions extends Pick<LifecycleOptions, 'client' | 'baseURL' | 'apiKey' | 'toolTimeoutMs' | 'maxToolOutputChars'> {
  /** The PostgreSQL that holds DBOS's system tables, the conversations and the worker registry. */
  databaseUrl: string;
  /**
   * This worker's own, stable id (its DBOS executor id): the same id after a restart, so the worker
   * recovers its own unfinished turns, and a different one for every worker running at the same time.
   */
  workerId: string;
  /** The worker's tools, from module code (never from a turn's input). A turn can only use tools every worker has. */
  tools?: readonly Tool[];
  /**
   * The turn queue's limits: turns running at once on each worker, and across all workers. They are
   * stored with the queue in PostgreSQL and shared by every worker: a worker started with them sets
   * them for all; one started without them keeps what is stored (8 per worker, no global limit, for a new queue).
   */
  concurrency?: { perWorker: number; global?: number };
  /** Default `toolcycle`; workers and clients of one deployment must agree on it. */
  appName?: string;
  /** Default `<appName>.turns`. */
  queueName?: string;
  /** Default 1000 ms. */
  heartbeatMs?: number;
  /** A worker whose heartbeat is older than this is dead and its turns are resumed elsewhere. Default 5000 ms. */
  deadAfterMs?: number;
  /**
   * How often each worker looks for queued turns (the average wait before a turn starts is about
   * half of it; each look is a transaction). Stored with the queue, like `concurrency`, and set by
   * the worker that creates the queue or is started with `concurrency`. Default 200 ms.
   */
  pollMs?: number;
  /** DBOS's log level. Default `warn`. */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Called after each step of a turn (run, or replayed from its record). */
  onStep?: (event: StepEvent) => void;
  /** Called with the ids of dead workers' turns this worker resumed. */
  onReaped?: (workflowIds: string[]) => void;
}

export interface DurableWorker {
  readonly workerId: string;
  readonly applicationVersion: string;
  /** Resolves once the worker has stopped after `stop()`; rejects if it had to stop on its own (another process took its id). */
  readonly closed: Promise<void>;
  /** Stops taking turns, waits up to `drainMs` (default 10 s) for the running ones, and hands the rest to the other workers at once. */
  stop(options?: { drainMs?: number }): Promise<void>;
}

export const DEFAULT_WORKER_CONCURRENCY = 8;

/** DBOS runs one executor per process: the id of the worker this process runs (or is starting). */
let current: string | undefined;

/**
 * Starts this process's durable worker: it takes turns from the queue and runs each as a DBOS
 * workflow, and it resumes the turns of workers that died. Throws `InvalidOptionsError` for options
 * it cannot run with, and an `Error` if a live process already holds `workerId`.
 */
export async function startDurableWorker(options: DurableWorkerOptions): Promise<DurableWorker> {
  const settings = readWorkerOptions(options);
  const { runtime, collections } = resolveLifecycleOptions({ model: '', ...options, tools: options.tools ?? [] });
  if (collections.length > 0) throw new InvalidOptionsError('A durable worker needs fixed tools: a replay must see the tools the turn started with.', 'tools');
  if (current) throw new InvalidOptionsError(`This process already runs durable worker ${current}: DBOS runs one worker per process.`, 'workerId');
  current = settings.workerId;

  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
  // An idle connection PostgreSQL dropped (a restart) must not crash the worker; the next query reconnects.
  pool.on('error', () => undefined);
  const registry = new WorkerRegistry(pool, settings.workerId, settings.applicationVersion, settings.deadAfterMs);
  const store = createPostgresStore({ pool });
  const workflow = createTurnWorkflow({
    effects: { lifecycle: runtime, claims: new ToolStartClaims(pool, settings.workerId) },
    conversations: new ConversationStates(store),
    notify: (workflowId) => void pool.query('SELECT pg_notify($1, $2)', [TURN_NOTICE_CHANNEL, workflowId]).catch(() => undefined),
    onStep: options.onStep,
  });

  let pulse: Pulse | undefined;
  let settle!: { resolve(): void; reject(error: Error): void };
  const closed = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  closed.catch(() => undefined);
  const shutDown = async (drainMs: number) => {
    await pulse?.stop();
    await DBOS.shutdown({ deregister: true, workflowCompletionTimeoutMS: drainMs }).catch(() => undefined);
    current = undefined;
  };

  try {
    await ensureDurableSchema(pool, store, options.databaseUrl);
    await claimWorkerId(registry, settings.heartbeatMs);
    pulse = new Pulse(registry, new Reaper(pool, registry, settings.queueName), {
      intervalMs: settings.heartbeatMs,
      onLost: () => {
        void shutDown(0).finally(() => {
          void pool.end();
          settle.reject(new Error(`Worker ${settings.workerId} stopped: another process took its id after this one missed its heartbeats.`));
        });
      },
      onReaped: options.onReaped,
    });
    pulse.start();
    DBOS.setConfig({
      name: settings.appName,
      systemDatabaseUrl: dbosDatabaseUrl(options.databaseUrl),
      executorID: settings.workerId,
      applicationVersion: settings.applicationVersion,
      listenQueues: [settings.queueName],
      serializer: DBOSPortableJSON,
      logLevel: options.logLevel ?? 'warn',
    });
    DBOS.registerWorkflow(workflow, { name: TURN_WORKFLOW_NAME });
    await DBOS.launch();
    await DBOS.registerQueue(settings.queueName, {
      workerConcurrency: options.concurrency?.perWorker ?? DEFAULT_WORKER_CONCURRENCY,
      globalConcurrency: options.concurrency?.global,
      minPollingIntervalMs: settings.pollMs,
      onConflict: options.concurrency ? 'always_update' : 'never_update',
    });
  } catch (error) {
    await shutDown(0);
    // Frees the id at once if this process took it (only its own claim: the row must carry its instance id).
    await registry.retire().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const worker: DurableWorker = {
    workerId: settings.workerId,
    applicationVersion: settings.applicationVersion,
    closed,
    stop: (stopOptions = {}) =>
      (stopping ??= (async () => {
        await shutDown(stopOptions.drainMs ?? 10_000);
        await registry.retire().catch(() => undefined);
        await pool.end().catch(() => undefined);
        settle.resolve();
      })()),
  };
  return worker;
}

function readWorkerOptions(options: DurableWorkerOptions) {
  const positive = (name: keyof DurableWorkerOptions, value: number | undefined, fallback: number) => {
    const chosen = value ?? fallback;
    if (!Number.isInteger(chosen) || chosen < 1) throw new InvalidOptionsError(`${name} must be a whole number of at least 1, got ${String(value)}.`, name);
    return chosen;
  };
  if (typeof options?.databaseUrl !== 'string' || options.databaseUrl === '') throw new InvalidOptionsError('Pass databaseUrl: a postgres:// URL.', 'databaseUrl');
  if (typeof options.workerId !== 'string' || !/^[\w.:@-]{1,200}$/.test(options.workerId)) {
    throw new InvalidOptionsError('workerId must be 1–200 letters, digits or . _ : @ -, the same for this worker after every restart.', 'workerId');
  }
  const limits = options.concurrency;
  if (limits) {
    positive('concurrency', limits.perWorker, 0);
    if (limits.global !== undefined && positive('concurrency', limits.global, 0) < limits.perWorker) {
      throw new InvalidOptionsError('concurrency.global must be at least concurrency.perWorker.', 'concurrency');
    }
  }
  const heartbeatMs = positive('heartbeatMs', options.heartbeatMs, 1000);
  const deadAfterMs = positive('deadAfterMs', options.deadAfterMs, 5000);
  if (deadAfterMs < 2 * heartbeatMs) throw new InvalidOptionsError('deadAfterMs must be at least twice heartbeatMs: one late heartbeat is not a death.', 'deadAfterMs');
  const appName = options.appName ?? DEFAULT_APP_NAME;
  return {
    workerId: options.workerId,
    appName,
    queueName: options.queueName ?? queueNameOf(appName),
    applicationVersion: applicationVersionOf(appName),
    heartbeatMs,
    deadAfterMs,
    pollMs: positive('pollMs', options.pollMs, 200),
  };
}

/** A process restarted right after a crash finds its id still fresh: it waits (at most `deadAfterMs`) for the old heartbeat to go stale. */
async function claimWorkerId(registry: WorkerRegistry, heartbeatMs: number): Promise<void> {
  const deadline = Date.now() + registry.deadAfterMs + 2 * heartbeatMs;
  while (!(await registry.claim())) {
    if (Date.now() > deadline) {
      throw new Error(`Worker id ${registry.workerId} is held by a live process (its heartbeat is fresh): give every worker its own id.`);
    }
    await new Promise((resolve) => setTimeout(resolve, heartbeatMs));
  }
}
