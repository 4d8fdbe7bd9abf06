/**
 * toolcycle vs its peers, side by side in one run (started by run.ts; options in options.ts).
 * Everything runs in this process against one zero-latency scripted server in a worker thread,
 * except heap per session (child processes, --expose-gc):
 *
 *   1. heap per idle session and per session parked in a tool call (heap.ts);
 *   2. interleaved rounds over every per-turn block: fresh conversation, long-lived session, fixed
 *      prior history, streamed (cells.ts, interleave.ts);
 *   3. one conversation of 1,000 turns (multi-turn.ts);
 *   4. 10 / 100 / 1,000 concurrent sessions (concurrency.ts);
 *   5. 4 parallel 100 ms tools (slow-tools.ts).
 */
import os from 'node:os';
import { planBlocks } from './cells.js';
import { runConcurrency } from './concurrency.js';
import { CONTENDER_LOADERS } from './contenders/index.js';
import type { Contender, ContenderInstance } from './contenders/types.js';
import { measureHeap } from './heap-children.js';
import { runRounds } from './interleave.js';
import { METHOD } from './method.js';
import { runMultiTurn } from './multi-turn.js';
import { parseOptions } from './options.js';
import { BENCH_DIR, COMPILED } from './paths.js';
import { packageVersion } from './package-version.js';
import { writeReport } from './report.js';
import type { BenchResults } from './results.js';
import { startBenchServer } from './server.js';
import { runSlowTools } from './slow-tools.js';
import { PLAIN, settling, summariseBlocks, summariseHistory, TOOLCYCLE } from './summaries.js';
import { checkTargets } from './targets.js';

const wallStart = performance.now();
const loadAverage = os.loadavg();
const options = parseOptions(process.argv.slice(2));
const log = (message: string) => process.stderr.write(`[${((performance.now() - wallStart) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

const loaders = CONTENDER_LOADERS.filter((loader) => !options.contenders || options.contenders.some((wanted) => loader.name.toLowerCase().includes(wanted)));
if (loaders.length === 0) throw new Error(`No contender matches ${options.contenders?.join(', ')}`);
const contenders: Contender[] = [];
for (const loader of loaders) contenders.push(await loader.load());
const names = contenders.map((contender) => contender.name);
log(`toolcycle bench (${options.quick ? 'quick' : 'full'}, ${COMPILED ? 'compiled by tsc' : 'through tsx'}): ${names.join(', ')}; load average ${loadAverage.map((load) => load.toFixed(2)).join(' ')}`);

// Heap first, while this process is idle.
const heap = options.parts.has('heap') ? await measureHeap(names, options.heap, log) : [];

const server = await startBenchServer();
if (!server.threadClock) log('no per-thread CPU clock here (not Linux?): server CPU falls back to process CPU inside request windows');
const instances: { contender: Contender; instance: ContenderInstance; name: string }[] = [];
for (const contender of contenders) instances.push({ contender, instance: await contender.create(server.baseURL), name: contender.name });
// The long conversation and concurrency compare toolcycle with the plain loop only.
const plain = instances.find((entry) => entry.name === PLAIN)?.instance;
const ours = instances.find((entry) => entry.name === TOOLCYCLE)?.instance;

const blocks = planBlocks(instances, {
  scenarios: options.scenarios,
  streamScenarios: options.streamScenarios,
  historySizes: options.historySizes,
  historyBatch: options.historyBatch,
  longLivedTurns: options.longLivedTurns,
}).filter((block) => options.parts.has(block.group));
const { schedule } = options;
log(`per-turn blocks: ${blocks.length} (${schedule.warmupRounds} warm-up + ${schedule.rounds} measured rounds × ${schedule.batch} turns per cell)`);
const rounds = await runRounds(server, blocks, schedule, log);

let multiTurn: BenchResults['multiTurn'];
if (options.parts.has('multi-turn') && plain && ours) {
  log(`one conversation of ${options.multiTurn.turns} turns × ${options.multiTurn.repetitions}`);
  multiTurn = await runMultiTurn(server, { plain, toolcycle: ours }, options.multiTurn, log);
}

let concurrency: BenchResults['concurrency'] = [];
if (options.parts.has('concurrency') && plain && ours) {
  log(`concurrent sessions: ${options.concurrency.levels.join(' / ')} × ${options.concurrency.repetitions} repetitions`);
  concurrency = await runConcurrency(server, [{ name: PLAIN, instance: plain }, { name: TOOLCYCLE, instance: ours }], options.concurrency, log);
}

let slowTools: BenchResults['slowTools'] = [];
if (options.parts.has('slow-tools')) {
  log(`4 parallel slow tools: ${options.slowTurns} turns per contender`);
  slowTools = await runSlowTools(server, instances, options.slowTurns);
}
await server.close();

const packages = [...new Set(['openai', 'zod', 'xstate', 'tsx', ...contenders.flatMap((contender) => contender.packages)])];
const results: BenchResults = {
  date: new Date().toISOString(),
  mode: options.quick ? 'quick' : 'full',
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage,
  },
  versions: Object.fromEntries([['toolcycle', packageVersion('..')], ...packages.map((name) => [name, packageVersion(name)])]),
  method: {
    ...METHOD,
    code: COMPILED ? 'toolcycle and the bench compiled by tsc (bench/.build), run in plain Node' : 'TypeScript through tsx (esbuild, keepNames): heavier closures than shipped code',
    schedule: `${schedule.warmupRounds} warm-up + ${schedule.rounds} measured rounds × ${schedule.batch} turns per cell; long-lived conversations start over every ${options.longLivedTurns} turns`,
    serverCpu: server.threadClock ? 'the server worker thread\'s own CPU clock (/proc/<pid>/task/<tid>/schedstat)' : 'process CPU inside request windows (no thread clock)',
  },
  settling: settling(blocks.some((block) => block.id === 'fresh:one_tool') ? 'fresh:one_tool' : (blocks[0]?.id ?? ''), rounds),
  blocks: summariseBlocks(blocks, rounds),
  history: summariseHistory(blocks, rounds),
  multiTurn,
  concurrency,
  heap,
  slowTools,
  targets: [],
  wallTimeSeconds: 0,
};
results.targets = checkTargets(results);
results.wallTimeSeconds = (performance.now() - wallStart) / 1000;
writeReport(results, BENCH_DIR, { partial: options.partial });
log(`done in ${results.wallTimeSeconds.toFixed(1)} s`);
