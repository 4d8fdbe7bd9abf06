/**
 * CPU time of one thread, from Linux's /proc/<pid>/task/<tid>/schedstat (nanoseconds on the CPU).
 * Node 20 has no per-thread CPU clock (`process.threadCpuUsage` came in Node 23), and
 * `process.cpuUsage()` is the whole process: while a streamed reply is being written, or under
 * concurrent load, the server thread's share of it cannot be told from the client's without this.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's schedstat path, or undefined off Linux. */
export function currentThreadStatPath(): string | undefined {
  try {
    // '/proc/thread-self' links to '<pid>/task/<tid>' of whichever thread resolves it.
    return `/proc/${readlinkSync('/proc/thread-self')}/schedstat`;
  } catch {
    return undefined;
  }
}

/** µs the thread has spent on a CPU so far (user + system). */
export function threadCpuUs(statPath: string): number {
  const fields = readFileSync(statPath, 'utf8').split(' ');
  return Number(fields[0]) / 1000;
}
