/**
 * What durability costs: toolcycle/durable (the lifecycle as a DBOS workflow on PostgreSQL) against
 * the in-memory session, side by side in one run.
 *
 *   npm run bench:durable [-- --quick] [-- --database-url URL] [-- --reps N] [-- --concurrency C]
 *
 * 1. Checkpoint cost: one turn at a time (model and tool answer at once), in-memory vs durable with
 *    synchronous_commit on and off, interleaved (order rotated each repetition): the time DBOS adds
 *    per recorded operation, and the CPU it adds (the worker's and PostgreSQL's).
 * 2. Throughput on turns that mostly wait (model 50 ms per request, a 100 ms tool): 1, 2 and 4 worker
 *    processes (`toolcycle worker`, each taking `--concurrency` turns at once) with as many
 *    conversations asking at once as the workers can take, against in-memory sessions on the same load.
 * Without --database-url it starts its own PostgreSQL with the server's default durability.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectDurable } from '../src/durable/index.js';
import type { ChildCommand, ClosedLoopResult, SequentialResult } from './durable-child.js';
import { modelWithLatency, startBenchModel } from './durable-model.js';
import { startBenchPostgres, withSynchronousCommit } from './durable-postgres.js';
import { percentile } from './stats.js';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const quick = argv.includes('--quick');
const reps = Number(option('reps') ?? 3);
const concurrency = Number(option('concurrency') ?? 2);
const pollMs = Number(option('poll-ms') ?? 100);
const config = quick ? { sequentialTurns: 15, warmupMs: 1000, durationMs: 2500 } : { sequentialTurns: 40, warmupMs: 1500, durationMs: 6000 };
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const median = (values: readonly number[]) => percentile(values, 50);
const spread = (values: readonly number[]) => ({ min: Math.min(...values), median: median(values), max: Math.max(...values) });
const rotate = <T>(items: readonly T[], by: number) => items.map((_, index) => items[(index + by) % items.length]!);
const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const fmtSpread = (s: { min: number; median: number; max: number }, digits = 1) => `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

/** CPU time of processes, from /proc (Linux), in ms; processes gone by then count 0. */
const TICK_MS = 1000 / 100;
function cpuMsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited
    }
  }
  return ticks * TICK_MS;
}
/** The cluster's postmaster and its children (every backend), when the cluster runs on this machine. */
let postmaster: number | undefined;
function postgresPids(): number[] {
  if (postmaster === undefined) return [];
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === postmaster) pids.push(Number(entry));
    } catch {
      // exited
    }
  }
  return pids;
}
/** CPU of PostgreSQL (every backend) over `run`, in ms. */
async function withPostgresCpu<T>(run: () => Promise<T>): Promise<{ result: T; postgresCpuMs: number }> {
  const before = postgresPids();
  const start = cpuMsOf(before);
  const result = await run();
  const after = postgresPids();
  const added = after.filter((pid) => !before.includes(pid));
  return { result, postgresCpuMs: cpuMsOf(before) - start + cpuMsOf(added) };
}

interface Child {
  process: ChildProcess;
  send<T>(command: ChildCommand): Promise<T>;
}
async function startChild(mode: 'memory' | 'durable', baseURL: string, databaseUrl?: string): Promise<Child> {
  const child = fork(`${ROOT}bench/durable-child.ts`, [mode, baseURL, ...(databaseUrl ? [databaseUrl] : [])], { execArgv: ['--import', 'tsx'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let waiting: ((message: { ok: boolean; result?: unknown; error?: string }) => void) | undefined;
  child.on('message', (message: { ok: boolean; result?: unknown; error?: string }) => waiting?.(message));
  const next = () => new Promise<{ ok: boolean; result?: unknown; error?: string }>((resolve) => (waiting = resolve));
  const ready = await next();
  if (!ready.ok) throw new Error(`the ${mode} child failed: ${ready.error}`);
  return {
    process: child,
    async send<T>(command: ChildCommand) {
      const reply = next();
      child.send(command);
      const message = await reply;
      if (!message.ok) throw new Error(`the ${mode} child failed: ${message.error}`);
      return message.result as T;
    },
  };
}

async function startWorkers(count: number, databaseUrl: string, baseURL: string, appName: string): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const args = ['--import', 'tsx', 'src/durable/worker-main.ts', '--database-url', databaseUrl, '--worker-id', `${appName}-w${index + 1}`, '--app-name', appName];
      args.push('--base-url', baseURL, '--tools', 'bench/durable-tools.ts', '--concurrency', String(concurrency), '--poll-ms', String(pollMs), '--max-retries', '0');
      const worker = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, OPENAI_API_KEY: 'bench' }, stdio: ['ignore', 'ignore', 'pipe'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        let output = '';
        worker.stderr!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('ready')) resolve(worker);
        });
        worker.once('exit', (code) => reject(new Error(`worker exited (${code}): ${output}`)));
      });
    }),
  );
}
async function stopProcesses(processes: readonly ChildProcess[]): Promise<void> {
  await Promise.all(processes.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
}

async function main() {
  const started = performance.now();
  const cluster = argv.includes('--database-url') ? { url: option('database-url')!, stop: async () => undefined } : await startBenchPostgres();
  const model = await startBenchModel();
  const settingsClient = new pg.Client({ connectionString: cluster.url });
  await settingsClient.connect();
  const settings: Record<string, string> = {};
  for (const name of ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'wal_writer_delay', 'data_directory']) {
    settings[name] = String((await settingsClient.query(`SHOW ${name}`)).rows[0]?.[name]);
  }
  const pidFile = `${settings.data_directory}/postmaster.pid`;
  // Its CPU is measured only when the cluster runs here and its pid file is readable.
  if (os.platform() === 'linux' && existsSync(pidFile)) postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  await settingsClient.end();
  const syncOn = withSynchronousCommit(cluster.url, 'on');
  const syncOff = withSynchronousCommit(cluster.url, 'off');
  process.stderr.write(`PostgreSQL ${settings.server_version} (fsync ${settings.fsync}, wal_sync_method ${settings.wal_sync_method}); ${reps} repetitions\n`);

  // 1. Checkpoint cost.
  const sides = [
    { name: 'in-memory session', child: await startChild('memory', model.baseURL) },
    { name: 'durable, synchronous_commit=on', child: await startChild('durable', model.baseURL, syncOn) },
    { name: 'durable, synchronous_commit=off', child: await startChild('durable', model.baseURL, syncOff) },
  ];
  for (const side of sides) await side.child.send<SequentialResult>({ kind: 'sequential', turns: 10 });
  const sequential = new Map<string, { wall: number[]; exec: number[]; cpu: number[]; pgCpu: number[]; operations: number }>();
  for (let rep = 0; rep < reps; rep += 1) {
    for (const side of rotate(sides, rep)) {
      // What the side costs while nothing happens (a worker polls its queue), taken out of its CPU per turn below.
      const idle = await withPostgresCpu(() => side.child.send<number>({ kind: 'idle', ms: 1000 }));
      const { result, postgresCpuMs } = await withPostgresCpu(() => side.child.send<SequentialResult>({ kind: 'sequential', turns: config.sequentialTurns }));
      const idleShare = (ratePerSecond: number) => (ratePerSecond * result.batchMs) / 1000 / config.sequentialTurns;
      const entry = sequential.get(side.name) ?? { wall: [], exec: [], cpu: [], pgCpu: [], operations: result.operationsPerTurn };
      entry.wall.push(median(result.wallMs));
      entry.exec.push(result.execMs.length > 0 ? median(result.execMs) : Number.NaN);
      entry.cpu.push(result.cpuUsPerTurn / 1000 - idleShare(idle.result));
      entry.pgCpu.push(postgresCpuMs / config.sequentialTurns - idleShare(idle.postgresCpuMs));
      sequential.set(side.name, entry);
      process.stderr.write(`  sequential ${side.name}: ${fmt(median(result.wallMs))} ms/turn\n`);
    }
  }
  const memory = sequential.get('in-memory session')!;

  // 2. Throughput.
  const workerCounts = [1, 2, 4];
  const throughput = new Map<string, { turnsPerSecond: number[]; cpuMsPerTurn: number[] }>();
  const record = (name: string, turnsPerSecond: number, cpuMsPerTurn: number) => {
    const entry = throughput.get(name) ?? { turnsPerSecond: [], cpuMsPerTurn: [] };
    entry.turnsPerSecond.push(turnsPerSecond);
    entry.cpuMsPerTurn.push(cpuMsPerTurn);
    throughput.set(name, entry);
  };
  const memoryChild = sides[0]!.child;
  for (const side of sides.slice(1)) await side.child.send({ kind: 'stop' });
  for (let rep = 0; rep < reps; rep += 1) {
    for (const workers of rotate(workerCounts, rep)) {
      const users = workers * concurrency;
      const appName = `bench-tp${workers}r${rep}x${process.pid}`;
      const processes = await startWorkers(workers, syncOff, model.baseURL, appName);
      const client = await connectDurable({ databaseUrl: syncOff, appName });
      let counted = 0;
      const from = performance.now() + config.warmupMs;
      const until = from + config.durationMs;
      let cpuStart = 0;
      let cpuUsed = 0;
      const pids = () => [...processes.map((child) => child.pid!), process.pid, ...postgresPids()];
      setTimeout(() => (cpuStart = cpuMsOf(pids())), config.warmupMs);
      setTimeout(() => (cpuUsed = cpuMsOf(pids()) - cpuStart), config.warmupMs + config.durationMs);
      let conversation = 0;
      await Promise.all(
        Array.from({ length: users }, async () => {
          while (performance.now() < until) {
            const result = await client.ask(`${appName}c${(conversation += 1)}`, 'wait 100', { model: modelWithLatency(50) });
            if (result.content !== 'done') throw new Error(`unexpected answer ${JSON.stringify(result)}`);
            const now = performance.now();
            if (now >= from && now < until) counted += 1;
          }
        }),
      );
      await client.close();
      await stopProcesses(processes);
      record(`durable, ${workers} worker${workers > 1 ? 's' : ''}`, counted / (config.durationMs / 1000), cpuUsed / counted);
      const inMemory = await memoryChild.send<ClosedLoopResult>({ kind: 'closed-loop', users, warmupMs: config.warmupMs, durationMs: config.durationMs });
      record(`in-memory, ${users} at once`, inMemory.turns / (config.durationMs / 1000), inMemory.cpuUsPerTurn / 1000);
      process.stderr.write(`  throughput ${workers} worker(s): ${fmt(counted / (config.durationMs / 1000))} turns/s; in-memory ${fmt(inMemory.turns / (config.durationMs / 1000))}\n`);
    }
  }
  await memoryChild.send({ kind: 'stop' });
  await model.close();
  await cluster.stop();

  const lines: string[] = [];
  lines.push(`Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${settings.server_version} on the same machine; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' / ')} at the end`);
  lines.push(`(fsync ${settings.fsync}, wal_sync_method ${settings.wal_sync_method}, shared_buffers ${settings.shared_buffers}); ${reps} repetitions, interleaved; median (min–max) of the repetitions.`);
  lines.push('');
  lines.push('Checkpoint cost, one turn at a time (2 requests, 1 tool call; model and tool answer at once):');
  lines.push('');
  lines.push('| side | turn wall ms | turn in the worker ms | added per operation ms | process CPU ms/turn | PostgreSQL CPU ms/turn | CPU added per operation ms |');
  lines.push('|---|--:|--:|--:|--:|--:|--:|');
  for (const [name, entry] of sequential) {
    const durable = entry.operations > 0;
    // The in-memory session's turn, repetition by repetition: the durable turn runs the same effects on top of its checkpoints.
    const perOperation = entry.exec.map((exec, index) => (exec - memory.wall[index]!) / entry.operations);
    const cpuPerOperation = entry.cpu.map((cpu, index) => (cpu + entry.pgCpu[index]! - memory.cpu[index]! - memory.pgCpu[index]!) / entry.operations);
    const cells = [
      `${name}${durable ? ` (${entry.operations} operations)` : ''}`,
      fmtSpread(spread(entry.wall)),
      durable ? fmtSpread(spread(entry.exec)) : fmtSpread(spread(entry.wall)),
      durable ? fmtSpread(spread(perOperation), 2) : '–',
      fmtSpread(spread(entry.cpu), 2),
      fmtSpread(spread(entry.pgCpu), 2),
      durable ? fmtSpread(spread(cpuPerOperation), 2) : '–',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(`Throughput on mostly-waiting turns (model 50 ms × 2, tool 100 ms), ${concurrency} turns at once per worker, queue polled every ${pollMs} ms, synchronous_commit=off:`);
  lines.push('');
  lines.push('| side | turns/s | × 1 worker | CPU ms/turn (workers + PostgreSQL + client) |');
  lines.push('|---|--:|--:|--:|');
  const one = median(throughput.get('durable, 1 worker')!.turnsPerSecond);
  for (const [name, entry] of throughput) {
    const scale = name.startsWith('durable') ? fmt(median(entry.turnsPerSecond) / one, 2) : '';
    lines.push(`| ${name} | ${fmtSpread(spread(entry.turnsPerSecond))} | ${scale} | ${fmtSpread(spread(entry.cpuMsPerTurn), 2)} |`);
  }
  lines.push('');
  lines.push(`Run took ${fmt((performance.now() - started) / 1000, 0)} s.`);
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  if (!quick) writeFileSync(`${ROOT}bench/durable-results.json`, `${JSON.stringify({ settings, concurrency, reps, config, sequential: Object.fromEntries(sequential), throughput: Object.fromEntries(throughput) }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:durable failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
