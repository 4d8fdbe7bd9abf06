/**
 * toolcycle vs its peers, side by side in one run.
 *
 *   npx tsx bench/run.ts [--quick] [--scenario a,b] [--contender "plain loop,toolcycle"] [--no-heap] [--inline-server]
 *
 * --inline-server runs the model server in the main thread instead of a worker (see server.ts).
 *
 * Everything runs in this process against one zero-latency scripted server on loopback (in a worker
 * thread), one turn at a time, interleaved round-robin (contender order rotated every round) so machine noise is spread
 * over every contender alike. Heap per idle session is measured in child processes (--expose-gc).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CONTENDER_LOADERS } from './contenders/index.js';
import type { Contender, ContenderInstance } from './contenders/types.js';
import { writeReport, type BenchResults, type HeapResult, type ScenarioResult, type SlowParallelResult } from './report.js';
import { SCENARIOS, SLOW_TOOL_MS, TIMED_SCENARIOS, executions, verifyTurn, type Scenario, type ScenarioId } from './scenarios.js';
import { startBenchServer, type BenchServer } from './server.js';
import { mean, percentile, sum } from './stats.js';

const wallStart = performance.now();
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
};
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);

const quick = flag('quick');
const config = quick
  ? { warmupTurns: 20, rounds: 6, batch: 8, slowTurns: 3, heapSessions: 10_000 }
  : { warmupTurns: 300, rounds: 40, batch: 25, slowTurns: 20, heapSessions: 10_000 };

const scenarioFilter = list(option('scenario'));
const contenderFilter = list(option('contender'));
const scenarios: Scenario[] = TIMED_SCENARIOS.filter((id) => !scenarioFilter || scenarioFilter.includes(id)).map((id) => SCENARIOS[id]);
const loaders = CONTENDER_LOADERS.filter(
  (loader) => !contenderFilter || contenderFilter.some((wanted) => loader.name.toLowerCase().includes(wanted)),
);
const contenders: Contender[] = [];
for (const loader of loaders) contenders.push(await loader.load());
const runSlow = !scenarioFilter || scenarioFilter.includes('parallel4_slow');
if (contenders.length === 0) throw new Error(`No contender matches ${option('contender')}`);

const here = fileURLToPath(new URL('.', import.meta.url));
const log = (message: string) =>
  process.stderr.write(`[${((performance.now() - wallStart) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

// ---------------------------------------------------------------------------------------------

interface Sample {
  totalMs: number;
  serverMs: number;
  /** Process CPU time of the turn minus the server's, µs. */
  clientCpuUs: number;
}

async function timeTurn(server: BenchServer, name: string, instance: ContenderInstance, scenario: Scenario): Promise<Sample> {
  const executedBefore = executions.count;
  const serverBefore = server.stats.totalMs;
  const requestsBefore = server.stats.requests;
  const serverCpuBefore = server.stats.cpuUs;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const content = await instance.turn(scenario);
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  verifyTurn(scenario, name, content, executions.count - executedBefore);
  // The server thread records a request on 'finish', which can trail the client reading the response.
  await server.waitForRequests(requestsBefore + scenario.requests);
  const requests = server.stats.requests - requestsBefore;
  if (requests !== scenario.requests) {
    throw new Error(`${name}/${scenario.id}: expected ${scenario.requests} model requests, the server saw ${requests}`);
  }
  return {
    totalMs,
    serverMs: server.stats.totalMs - serverBefore,
    clientCpuUs: cpu.user + cpu.system - (server.stats.cpuUs - serverCpuBefore),
  };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Runs heap.ts in a child process for some contenders; one JSON line comes back per contender. */
async function measureHeap(names: string[]): Promise<HeapResult[]> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', `${here}heap.ts`, String(config.heapSessions), ...names],
      { cwd: `${here}..`, timeout: 180_000 },
    );
    return stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as HeapResult);
  } catch (error) {
    return names.map((name) => ({ contender: name, bytesPerSession: Number.NaN, sessions: 0, note: `failed: ${(error as Error).message.slice(0, 300)}` }));
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`${here}../node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------

log(`toolcycle bench (${quick ? 'quick' : 'full'}): ${contenders.length} contenders × ${scenarios.length} scenarios`);

// Heap first, while this process is idle: two children (2 cores), each measuring half the contenders.
let heap: HeapResult[] = [];
if (!flag('no-heap')) {
  log(`heap per idle session: ${config.heapSessions} sessions per contender, in child processes`);
  const names = contenders.map((contender) => contender.name);
  const halves = [names.filter((_, index) => index % 2 === 0), names.filter((_, index) => index % 2 === 1)].filter((half) => half.length > 0);
  const measured = (await Promise.all(halves.map(measureHeap))).flat();
  heap = names.map((name) => measured.find((result) => result.contender === name) ?? { contender: name, bytesPerSession: Number.NaN, sessions: 0, note: 'missing' });
}

const server = await startBenchServer({ inline: flag('inline-server') });
const instances = new Map<string, ContenderInstance>();
for (const contender of contenders) instances.set(contender.name, await contender.create(server.baseURL));

log(`warm-up: ${config.warmupTurns} turns per contender and scenario`);
for (const scenario of [...scenarios, ...(runSlow ? [SCENARIOS.parallel4_slow] : [])]) {
  const turns = scenario.id === 'parallel4_slow' ? 2 : config.warmupTurns;
  for (const contender of contenders) {
    for (let i = 0; i < turns; i += 1) await timeTurn(server, contender.name, instances.get(contender.name)!, scenario);
  }
}

const samples = new Map<string, Sample[]>();
const key = (contender: string, scenario: ScenarioId) => `${contender}\u0000${scenario}`;
log(`measuring: ${config.rounds} rounds × ${config.batch} turns per contender and scenario, interleaved`);
for (let round = 0; round < config.rounds; round += 1) {
  for (const scenario of scenarios) {
    for (const contender of rotate(contenders, round)) {
      const bucket = samples.get(key(contender.name, scenario.id)) ?? [];
      samples.set(key(contender.name, scenario.id), bucket);
      const instance = instances.get(contender.name)!;
      for (let i = 0; i < config.batch; i += 1) bucket.push(await timeTurn(server, contender.name, instance, scenario));
    }
  }
}

const slowWall = new Map<string, number[]>();
if (runSlow) {
  log(`4 parallel ${SLOW_TOOL_MS} ms tools: ${config.slowTurns} turns per contender, interleaved`);
  for (let round = 0; round < config.slowTurns; round += 1) {
    for (const contender of rotate(contenders, round)) {
      const sample = await timeTurn(server, contender.name, instances.get(contender.name)!, SCENARIOS.parallel4_slow);
      slowWall.set(contender.name, [...(slowWall.get(contender.name) ?? []), sample.totalMs]);
    }
  }
}
await server.close();

// ---------------------------------------------------------------------------------------------

const toUs = (ms: number) => ms * 1000;
const scenarioResults: ScenarioResult[] = scenarios.map((scenario) => {
  const rows = contenders.map((contender) => {
    const bucket = samples.get(key(contender.name, scenario.id)) ?? [];
    const overheads = bucket.map((sample) => toUs(sample.totalMs - sample.serverMs));
    return {
      contender: contender.name,
      turns: bucket.length,
      turnsPerSecond: bucket.length / (sum(bucket.map((sample) => sample.totalMs)) / 1000),
      totalP50Us: percentile(bucket.map((sample) => toUs(sample.totalMs)), 50),
      overheadP50Us: percentile(overheads, 50),
      overheadP99Us: percentile(overheads, 99),
      overheadMeanUs: mean(overheads),
      serverMeanUs: mean(bucket.map((sample) => toUs(sample.serverMs))),
      ratioToPlain: Number.NaN,
      clientCpuP50Us: percentile(bucket.map((sample) => sample.clientCpuUs), 50),
      cpuRatioToPlain: Number.NaN,
    };
  });
  const plain = rows.find((row) => row.contender === 'plain loop');
  for (const row of rows) {
    row.ratioToPlain = plain ? row.overheadP50Us / plain.overheadP50Us : Number.NaN;
    row.cpuRatioToPlain = plain ? row.clientCpuP50Us / plain.clientCpuP50Us : Number.NaN;
  }
  return { scenario: scenario.id, title: scenario.title, requests: scenario.requests, rows };
});

const slowParallel: SlowParallelResult[] = [...slowWall].map(([contender, walls]) => ({
  contender,
  turns: walls.length,
  wallMinMs: Math.min(...walls),
  wallP50Ms: percentile(walls, 50),
  wallMaxMs: Math.max(...walls),
  slowestToolMs: SLOW_TOOL_MS,
}));

const packages = [...new Set(['openai', 'zod', 'xstate', 'tsx', ...contenders.flatMap((contender) => contender.packages)])];
const results: BenchResults = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  },
  versions: Object.fromEntries([['toolcycle', packageVersion('..')], ...packages.map((name) => [name, packageVersion(name)])]),
  method: {
    server: `offline model (src/offline-model) in scripted mode, ${flag('inline-server') ? 'in the main thread' : 'in a worker thread of this process'}, on 127.0.0.1; replies derived from each request`,
    serverTime:
      'per request, server side: diagnostics_channel http.server.request.start → http.server.response.finish, wall and process CPU; summed per turn and subtracted from the turn',
    overhead: 'wall: turn wall time − server wall time; CPU: process.cpuUsage() over the turn − server CPU (includes V8 GC helper threads)',
    turn: 'one fresh conversation (prompt → tool rounds → final answer), timed around the contender call, one turn at a time',
    interleaving: `${config.rounds} rounds × ${config.batch} turns per contender and scenario; contender order rotated each round; ${config.warmupTurns} warm-up turns each`,
    heap: `${config.heapSessions} idle sessions held, heapUsed delta after forced GC, in a child process per contender`,
    streaming: 'not measured: toolcycle has no streaming API yet',
  },
  scenarios: scenarioResults,
  slowParallel,
  heap,
  wallTimeSeconds: 0,
};
results.wallTimeSeconds = (performance.now() - wallStart) / 1000;
writeReport(results, here, { quiet: false, partial: Boolean(scenarioFilter || contenderFilter) });
log(`done in ${results.wallTimeSeconds.toFixed(1)} s`);
