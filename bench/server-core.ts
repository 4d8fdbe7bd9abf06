/**
 * The offline model in scripted mode plus its own timing, publishing into shared memory. Runs in the
 * server worker (server-worker.ts).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { startOfflineModel, type OfflineModelServer } from '../src/offline-model/index.js';
import { scriptedReply } from './scenarios.js';

export interface SharedStats {
  /** Float64Array: [0] wall ms, [1] process CPU µs, summed over finished requests. */
  sums: SharedArrayBuffer;
  /**
   * Int32Array: [0] requests done (finished, or closed unfinished), bumped after `sums` so a reader
   * that sees it sees them; [1] requests started.
   */
  count: SharedArrayBuffer;
}

export async function serveScripted({ sums, count }: SharedStats): Promise<OfflineModelServer> {
  const totals = new Float64Array(sums);
  const counts = new Int32Array(count);
  const started = new WeakMap<ServerResponse, { at: number; cpu: NodeJS.CpuUsage }>();
  const done = () => {
    Atomics.add(counts, 0, 1);
    Atomics.notify(counts, 0);
  };
  const onStart = (message: unknown) => {
    const { response } = message as { response: ServerResponse };
    started.set(response, { at: performance.now(), cpu: process.cpuUsage() });
    Atomics.add(counts, 1, 1);
    // A response the client abandoned never finishes; it still must not leave a request open.
    response.once('close', () => {
      if (started.delete(response)) done();
    });
  };
  const onFinish = (message: unknown) => {
    const { response } = message as { response: ServerResponse };
    const start = started.get(response);
    if (start === undefined) return;
    started.delete(response);
    const cpu = process.cpuUsage(start.cpu);
    totals[0] = totals[0]! + (performance.now() - start.at);
    totals[1] = totals[1]! + cpu.user + cpu.system;
    done();
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);

  let server: OfflineModelServer | undefined;
  server = await startOfflineModel({
    // The offline model records request bodies for tests; a benchmark would only grow the heap.
    recordRequests: false,
    script: (request) => scriptedReply(request),
  });
  const close = server.close.bind(server);
  return {
    ...server,
    close: async () => {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
      await close();
    },
  };
}
