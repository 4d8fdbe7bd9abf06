/**
 * The benchmark's model server: the project's offline model (src/offline-model) in scripted mode,
 * with a function responder that derives each reply from the request (scenarios.ts). It validates
 * every request like the real API, so a contender that sends a broken history fails instead of
 * posting a fast time.
 *
 * It runs in a worker thread: its CPU and, above all, its garbage collection stay out of the
 * contenders' turns (in the same isolate, a GC pause caused by a contender's garbage but landing
 * while a request is being served would be subtracted as "server time").
 *
 * Server wall time is measured in the worker with Node's HTTP diagnostics channels, from
 * `http.server.request.start` (request headers parsed) to `http.server.response.finish` (the whole
 * response handed to the socket). Server CPU is the worker thread's own CPU clock (thread-cpu.ts),
 * read around each turn; where there is none (off Linux) it falls back to process CPU inside the
 * request windows, which is exact only while the client waits idle (not for streamed replies).
 */
import { Worker } from 'node:worker_threads';
import { benchEntry, COMPILED } from './paths.js';
import { threadCpuUs } from './thread-cpu.js';

export interface BenchServer {
  baseURL: string;
  /** Server wall time summed over finished requests, and requests done; read before and after a turn. */
  readonly stats: { readonly totalMs: number; readonly requests: number };
  /** CPU µs the server has used so far: its thread's clock, or the fallback described above. */
  cpuUs(): number;
  /** True when `cpuUs` is the server thread's own clock. */
  readonly threadClock: boolean;
  /** Fraction of wall time the server's event loop was busy since the last call (1 = saturated). */
  utilisation(): { eventLoop: number; cpu: number };
  /** Waits (at most a second) until every request the server has started is done: 'finish' can trail the client's read. */
  waitForIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchServer(): Promise<BenchServer> {
  const sums = new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT);
  const count = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const totals = new Float64Array(sums);
  const counts = new Int32Array(count);
  // From source, the worker needs tsx registered first (server-worker.mjs does that).
  const worker = new Worker(COMPILED ? benchEntry('server-worker').file : new URL('./server-worker.mjs', import.meta.url), { workerData: { sums, count } });
  const { baseURL, threadStatPath } = await new Promise<{ baseURL: string; threadStatPath?: string }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });
  const cpuUs = threadStatPath ? () => threadCpuUs(threadStatPath) : () => totals[1]!;
  let lastElu = worker.performance.eventLoopUtilization();
  let lastCpu = { at: performance.now(), cpu: cpuUs() };
  return {
    baseURL,
    stats: {
      get totalMs() {
        return totals[0]!;
      },
      get requests() {
        return Atomics.load(counts, 0);
      },
    },
    cpuUs,
    threadClock: threadStatPath !== undefined,
    utilisation() {
      const elu = worker.performance.eventLoopUtilization(lastElu);
      lastElu = worker.performance.eventLoopUtilization();
      const now = { at: performance.now(), cpu: cpuUs() };
      const cpu = (now.cpu - lastCpu.cpu) / 1000 / (now.at - lastCpu.at);
      lastCpu = now;
      return { eventLoop: elu.utilization, cpu };
    },
    async waitForIdle() {
      const deadline = performance.now() + 1000;
      for (let done = Atomics.load(counts, 0); done < Atomics.load(counts, 1) && performance.now() < deadline; done = Atomics.load(counts, 0)) {
        Atomics.wait(counts, 0, done, 50);
      }
    },
    async close() {
      const closed = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
