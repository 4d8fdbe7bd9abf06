/**
 * One side of the durable benchmark in a process of its own, driven by bench/durable.ts over IPC:
 * `memory` runs in-memory sessions (createSession), `durable` a worker and a client in this process
 * (so a turn's execution time can be read from DBOS's own record of it). Commands:
 * - `{ kind: 'idle', ms }`: this process's CPU while it waits (a worker polls its queue), in ms/s;
 * - `{ kind: 'sequential', turns }`: one turn at a time, latency 0, a 0 ms tool: wall (and, durable,
 *   execution) time per turn, process CPU per turn, DBOS operations per turn;
 * - `{ kind: 'closed-loop', users, warmupMs, durationMs }`: `users` conversations at once, each
 *   asking again as soon as answered, model 50 ms, tool 100 ms: turns completed in `durationMs`.
 */
import dbos from '@dbos-inc/dbos-sdk';
import OpenAI from 'openai';
import { connectDurable, startDurableWorker, turnWorkflowId } from '../src/durable/index.js';
import { createSession } from '../src/index.js';
import { modelWithLatency } from './durable-model.js';
import { tools } from './durable-tools.js';
import { sum } from './stats.js';

export type ChildCommand =
  | { kind: 'idle'; ms: number }
  | { kind: 'sequential'; turns: number }
  | { kind: 'closed-loop'; users: number; warmupMs: number; durationMs: number }
  | { kind: 'stop' };
export interface SequentialResult {
  wallMs: number[];
  /** Durable only: DBOS's dequeued → completed time of each turn's workflow. */
  execMs: number[];
  cpuUsPerTurn: number;
  operationsPerTurn: number;
  /** The batch's wall time, to take the idle CPU out of the CPU per turn. */
  batchMs: number;
}
export interface ClosedLoopResult {
  turns: number;
  durationMs: number;
  cpuUsPerTurn: number;
}

const [mode, baseURL, databaseUrl] = process.argv.slice(2) as ['memory' | 'durable', string, string | undefined];
const model = new OpenAI({ baseURL, apiKey: 'bench', maxRetries: 0 });
const appName = `bench-seq-${process.pid}`;

const durable =
  mode === 'durable'
    ? await (async () => {
        const worker = await startDurableWorker({ databaseUrl: databaseUrl!, workerId: `${appName}-w`, appName, tools, client: model, pollMs: 20, concurrency: { perWorker: 64 } });
        const client = await connectDurable({ databaseUrl: databaseUrl!, appName });
        const system = await dbos.DBOSClient.create({ systemDatabaseUrl: databaseUrl!, applicationName: appName });
        return { worker, client, system };
      })()
    : undefined;

let conversations = 0;
async function turn(latencyMs: number, toolMs: number): Promise<string> {
  const conversation = `b${process.pid}n${(conversations += 1)}`;
  const options = { model: modelWithLatency(latencyMs) };
  const result = durable ? await durable.client.ask(conversation, `wait ${toolMs}`, options) : await createSession({ ...options, client: model, tools }).ask(`wait ${toolMs}`);
  if (result.content !== 'done') throw new Error(`unexpected answer ${JSON.stringify(result)}`);
  return conversation;
}

async function idle(ms: number): Promise<number> {
  const cpu = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / (ms / 1000);
}

async function sequential(turns: number): Promise<SequentialResult> {
  const wallMs: number[] = [];
  const done: string[] = [];
  const cpu = process.cpuUsage();
  for (let index = 0; index < turns; index += 1) {
    const start = performance.now();
    done.push(await turn(0, 0));
    wallMs.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  const execMs: number[] = [];
  let operationsPerTurn = 0;
  if (durable) {
    for (const conversation of done) {
      const status = await durable.system.getWorkflow(turnWorkflowId(conversation, 1));
      execMs.push((status?.completedAt ?? Number.NaN) - (status?.dequeuedAt ?? Number.NaN));
    }
    operationsPerTurn = (await durable.system.listWorkflowSteps(turnWorkflowId(done[0]!, 1)))?.length ?? 0;
  }
  return { wallMs, execMs, cpuUsPerTurn: (used.user + used.system) / turns, operationsPerTurn, batchMs: sum(wallMs) };
}

async function closedLoop(users: number, warmupMs: number, durationMs: number): Promise<ClosedLoopResult> {
  const start = performance.now();
  const from = start + warmupMs;
  const until = from + durationMs;
  let counted = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  let cpuUsed: NodeJS.CpuUsage | undefined;
  const user = async () => {
    while (performance.now() < until) {
      await turn(50, 100);
      const now = performance.now();
      if (now >= from && now < until) counted += 1;
    }
  };
  setTimeout(() => (cpu = process.cpuUsage()), warmupMs);
  setTimeout(() => (cpuUsed = process.cpuUsage(cpu)), warmupMs + durationMs);
  await Promise.all(Array.from({ length: users }, user));
  return { turns: counted, durationMs, cpuUsPerTurn: cpuUsed ? (cpuUsed.user + cpuUsed.system) / counted : Number.NaN };
}

process.on('message', (command: ChildCommand) => {
  const reply = async () => {
    if (command.kind === 'idle') return idle(command.ms);
    if (command.kind === 'sequential') return sequential(command.turns);
    if (command.kind === 'closed-loop') return closedLoop(command.users, command.warmupMs, command.durationMs);
    await durable?.client.close();
    await durable?.system.destroy();
    await durable?.worker.stop({ drainMs: 0 });
    return null;
  };
  reply().then(
    (result) => {
      process.send!({ ok: true, result });
      if (command.kind === 'stop') process.disconnect();
    },
    (error: unknown) => process.send!({ ok: false, error: String(error) }),
  );
});
process.send!({ ok: true, result: 'ready' });
