#!/usr/bin/env node
/**
 * `toolcycle worker`: one durable worker as a process. Stops cleanly on SIGTERM / SIGINT (running
 * turns get `--drain-ms` to finish; the rest are handed to the other workers at once).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { bundledTools } from '../../tools/index.js';
import type { Tool } from '../tool-definition/tool.js';
import { startDurableWorker, type DurableWorkerOptions } from './start-worker.js';
import type { StepEvent } from './turn-workflow.js';

export const WORKER_USAGE = `Usage: toolcycle worker --database-url URL --worker-id ID [options]

Options:
  --database-url URL        PostgreSQL shared by all workers (default: $TOOLCYCLE_DATABASE_URL)
  --worker-id ID            this worker's own stable id: the same after a restart, unique among live workers
  --concurrency N           turns at once on each worker (stored with the queue: sets it for every worker)
  --global-concurrency N    turns at once across all workers
  --tools MODULE            a module exporting \`tools\` (an array of defineTool results; default: the bundled tools)
                            and optionally \`onStep(event)\`, called after every step of a turn
  --base-url URL            OpenAI-compatible server (default: $OPENAI_BASE_URL); the key is $OPENAI_API_KEY
  --max-retries N           the openai client's retries per request (default 2)
  --heartbeat-ms N          default 1000
  --dead-after-ms N         a worker silent this long is dead and its turns are resumed elsewhere (default 5000)
  --poll-ms N               how often to look for queued turns (default 200)
  --drain-ms N              on SIGTERM, how long running turns get to finish (default 10000)
  --app-name NAME           default toolcycle
  --log-level LEVEL         error | warn | info | debug (default warn)
  -h, --help                show this help`;

export class WorkerUsageError extends Error {
  override name = 'WorkerUsageError';
}

export interface WorkerCommand {
  databaseUrl: string;
  workerId: string;
  toolsModule: string | undefined;
  baseURL: string | undefined;
  maxRetries: number | undefined;
  concurrency: DurableWorkerOptions['concurrency'];
  heartbeatMs: number | undefined;
  deadAfterMs: number | undefined;
  pollMs: number | undefined;
  drainMs: number;
  appName: string | undefined;
  logLevel: DurableWorkerOptions['logLevel'];
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export function parseWorkerArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): WorkerCommand | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'database-url': { type: 'string' },
        'worker-id': { type: 'string' },
        concurrency: { type: 'string' },
        'global-concurrency': { type: 'string' },
        tools: { type: 'string' },
        'base-url': { type: 'string' },
        'max-retries': { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        'dead-after-ms': { type: 'string' },
        'poll-ms': { type: 'string' },
        'drain-ms': { type: 'string' },
        'app-name': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new WorkerUsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const databaseUrl = values['database-url'] ?? env.TOOLCYCLE_DATABASE_URL;
  if (!databaseUrl) throw new WorkerUsageError('Pass --database-url (or set TOOLCYCLE_DATABASE_URL).');
  const workerId = values['worker-id'];
  if (!workerId) throw new WorkerUsageError('Pass --worker-id: each worker needs its own stable id.');
  const count = (flag: keyof typeof values, min: number) => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min) throw new WorkerUsageError(`--${flag} takes a whole number of at least ${min}, got "${String(raw)}".`);
    return value;
  };
  const perWorker = count('concurrency', 1);
  const global = count('global-concurrency', 1);
  if (global !== undefined && perWorker === undefined) throw new WorkerUsageError('--global-concurrency needs --concurrency too.');
  const logLevel = values['log-level'];
  if (logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new WorkerUsageError(`--log-level is one of ${LOG_LEVELS.join(', ')}.`);
  return {
    databaseUrl,
    workerId,
    toolsModule: values.tools,
    baseURL: values['base-url'] ?? env.OPENAI_BASE_URL,
    maxRetries: count('max-retries', 0),
    concurrency: perWorker === undefined ? undefined : { perWorker, global },
    heartbeatMs: count('heartbeat-ms', 1),
    deadAfterMs: count('dead-after-ms', 1),
    pollMs: count('poll-ms', 1),
    drainMs: count('drain-ms', 0) ?? 10_000,
    appName: values['app-name'],
    logLevel: logLevel as WorkerCommand['logLevel'],
  };
}

/** What a `--tools` module provides. */
export interface WorkerToolsModule {
  tools: readonly Tool[];
  onStep?: (event: StepEvent) => void;
}

export async function loadToolsModule(path: string | undefined): Promise<WorkerToolsModule> {
  if (path === undefined) return { tools: bundledTools as readonly Tool[] };
  const loaded = (await import(pathToFileURL(resolve(path)).href)) as Partial<WorkerToolsModule> & { default?: unknown };
  const tools = loaded.tools ?? loaded.default;
  if (!Array.isArray(tools)) throw new WorkerUsageError(`${path} exports no \`tools\` array.`);
  return { tools, onStep: typeof loaded.onStep === 'function' ? loaded.onStep : undefined };
}

/** Runs a worker until SIGTERM / SIGINT; resolves with the process's exit code. */
export async function runWorker(command: WorkerCommand, log: (line: string) => void): Promise<number> {
  const { tools, onStep } = await loadToolsModule(command.toolsModule);
  const client = new OpenAI({ baseURL: command.baseURL, apiKey: process.env.OPENAI_API_KEY ?? 'no-key', maxRetries: command.maxRetries });
  const worker = await startDurableWorker({
    databaseUrl: command.databaseUrl,
    workerId: command.workerId,
    tools,
    client,
    concurrency: command.concurrency,
    heartbeatMs: command.heartbeatMs,
    deadAfterMs: command.deadAfterMs,
    pollMs: command.pollMs,
    appName: command.appName,
    logLevel: command.logLevel,
    onStep,
    onReaped: (ids) => log(`resumed ${ids.length} turn(s) of dead workers: ${ids.join(', ')}`),
  });
  log(`worker ${worker.workerId} ready (${worker.applicationVersion}, pid ${process.pid})`);
  const stop = () => void worker.stop({ drainMs: command.drainMs });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await worker.closed;
    log(`worker ${worker.workerId} stopped`);
    return 0;
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
}

/** The whole `toolcycle worker` command: flags, usage, the worker until it is stopped. Resolves with the exit code (2: unusable flags). */
export async function runWorkerCommand(argv: readonly string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`toolcycle: ${line}\n`);
  let command;
  try {
    command = parseWorkerArgs(argv);
  } catch (error) {
    if (!(error instanceof WorkerUsageError)) throw error;
    process.stderr.write(`toolcycle worker: ${error.message} (see toolcycle worker --help)\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${WORKER_USAGE}\n`);
    return 0;
  }
  return runWorker(command, log);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runWorkerCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`toolcycle worker: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
