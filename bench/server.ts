/**
 * The benchmark's model server: the project's offline model (src/offline-model) in scripted mode,
 * with a function responder that derives each reply from the request (scenarios.ts). It validates
 * every request like the real API, so a contender that sends a broken history fails instead of
 * posting a fast time.
 *
 * It runs in a worker thread: its CPU and, above all, its garbage collection stay out of the
 * contenders' turns (in the same isolate, a GC pause caused by a contender's garbage but landing
 * while a request is being served would be subtracted as "server time"). The price: client work
 * that overlaps a request being served (on the other core) is hidden in the subtraction.
 * `--inline-server` runs it in the main thread instead, to compare.
 *
 * Server time is measured in the worker with Node's HTTP diagnostics channels, from
 * `http.server.request.start` (request headers parsed, just before the 'request' event) to
 * `http.server.response.finish` (the whole response handed to the socket), as wall time and as
 * process CPU time (while a request is served the client thread is only waiting for it).
 */
import { Worker } from 'node:worker_threads';
import { serveScripted } from './server-core.js';

export interface BenchServer {
  baseURL: string;
  /** Server-side handling time summed over finished requests; read before and after a turn. */
  readonly stats: { readonly totalMs: number; readonly cpuUs: number; readonly requests: number };
  /** Waits (briefly) until `requests` responses have finished: 'finish' can trail the client's read. */
  waitForRequests(requests: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchServer(options: { inline?: boolean } = {}): Promise<BenchServer> {
  const sums = new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT);
  const count = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const totals = new Float64Array(sums);
  const finished = new Int32Array(count);
  let baseURL: string;
  let close: () => Promise<void>;
  if (options.inline) {
    const server = await serveScripted({ sums, count });
    baseURL = server.baseURL;
    close = () => server.close();
  } else {
    const worker = new Worker(new URL('./server-worker.mjs', import.meta.url), { workerData: { sums, count } });
    baseURL = await new Promise<string>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (message: { type: string; baseURL: string }) => resolve(message.baseURL));
    });
    close = async () => {
      const closed = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    };
  }
  return {
    baseURL,
    stats: {
      get totalMs() {
        return totals[0]!;
      },
      get cpuUs() {
        return totals[1]!;
      },
      get requests() {
        return Atomics.load(finished, 0);
      },
    },
    async waitForRequests(requests) {
      const deadline = performance.now() + 1000;
      while (Atomics.load(finished, 0) < requests && performance.now() < deadline) {
        // Inline, 'finish' needs this thread's event loop; from a worker it is a cross-thread wait.
        if (options.inline) await new Promise((resolve) => setImmediate(resolve));
        else Atomics.wait(finished, 0, Atomics.load(finished, 0), 50);
      }
    },
    close: () => close(),
  };
}
