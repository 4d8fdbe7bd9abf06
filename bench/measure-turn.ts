/**
 * Times one turn: wall and CPU around the contender's call, minus what the server spent on the
 * turn's requests, and verified (answer, tool executions, requests) before it counts.
 */
import type { Answer } from './contenders/types.js';
import { executions } from './tools.js';
import { verifyTurn, type Scenario } from './scenarios.js';
import type { BenchServer } from './server.js';

export interface Sample {
  /** Turn wall time, ms. */
  wallMs: number;
  /** Server wall time of the turn's requests, ms. */
  serverMs: number;
  /** Process CPU over the turn minus the server thread's, µs. */
  cpuUs: number;
  /** Wall time to the first content delta, ms (streamed turns). */
  firstTokenMs?: number;
}

/** `run` gets a callback for content deltas; only the first one is timed. */
export async function measureTurn(
  server: BenchServer,
  label: string,
  scenario: Scenario,
  run: (onToken: () => void) => Answer,
): Promise<Sample> {
  const executedBefore = executions.count;
  const requestsBefore = server.stats.requests;
  const serverWallBefore = server.stats.totalMs;
  // Read outside the client's CPU window: reading the server's clock costs the client a syscall.
  const serverCpuBefore = server.cpuUs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let firstTokenAt: number | undefined;
  const content = await run(() => {
    firstTokenAt ??= performance.now();
  });
  const wallMs = performance.now() - started;
  // The server thread counts a request on 'finish', which can trail the client reading the response.
  await server.waitForIdle();
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuUs = server.cpuUs() - serverCpuBefore;
  verifyTurn(scenario, label, content, executions.count - executedBefore);
  const requests = server.stats.requests - requestsBefore;
  if (requests !== scenario.requests) {
    throw new Error(`${label}/${scenario.id}: expected ${scenario.requests} model requests, the server saw ${requests}`);
  }
  return {
    wallMs,
    serverMs: server.stats.totalMs - serverWallBefore,
    cpuUs: cpu.user + cpu.system - serverCpuUs,
    ...(firstTokenAt === undefined ? {} : { firstTokenMs: firstTokenAt - started }),
  };
}
