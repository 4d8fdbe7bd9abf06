/**
 * Many conversations at once: `sessions` long-lived conversations (created untimed), all running
 * their turns at the same time against the server, each one turn after another until every
 * session has done its share. Like the long-lived block, a session starts a new conversation every
 * `turnsPerConversation` turns (inside the burst, as an app would for its next user), so histories
 * stay as short at 10 sessions × 200 turns as at 1,000 × 2: otherwise the levels would differ in
 * history length, which the server checks and every request carries, more than in concurrency.
 * Throughput is turns ÷ the burst's wall time; latency is per turn.
 * The server's event-loop utilisation during the burst says whether it, rather than the client,
 * set the pace (near 1: saturated, and the contenders' ratio would mean nothing).
 */
import type { ContenderInstance } from './contenders/types.js';
import { rotate } from './interleave.js';
import { SCENARIOS, verifyAnswer } from './scenarios.js';
import type { BenchServer } from './server.js';
import { percentile, spread, type Spread } from './stats.js';
import { executions } from './tools.js';

export interface ConcurrencyPlan {
  levels: readonly number[];
  repetitions: number;
  /** Turns per burst, about: each session does ceil(turns / sessions). */
  turnsPerBurst: number;
  turnsPerConversation: number;
}

export interface Burst {
  turns: number;
  turnsPerSecond: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  cpuPerTurnUs: number;
  serverEventLoop: number;
  serverCpu: number;
}

export interface ConcurrencyRow {
  contender: string;
  turnsPerSecond: Spread;
  /** turns/s ÷ the plain loop's in the same repetition. */
  ratioToPlain: Spread;
  p50LatencyMs: Spread;
  p99LatencyMs: Spread;
  cpuPerTurnUs: Spread;
  /** Server event-loop utilisation and CPU share of one core during the bursts. */
  serverEventLoop: Spread;
  serverCpu: Spread;
}

export interface ConcurrencyResult {
  sessions: number;
  turnsPerSession: number;
  rows: ConcurrencyRow[];
}

const SCENARIO = SCENARIOS.one_tool;
const PLAIN = 'plain loop';

export async function runConcurrency(
  server: BenchServer,
  contenders: readonly { name: string; instance: ContenderInstance }[],
  plan: ConcurrencyPlan,
  log: (message: string) => void,
): Promise<ConcurrencyResult[]> {
  const bursts = new Map<string, Burst[]>();
  const key = (sessions: number, name: string) => `${sessions} ${name}`;
  for (let repetition = 0; repetition < plan.repetitions; repetition += 1) {
    for (const sessions of plan.levels) {
      for (const { name, instance } of rotate(contenders, repetition)) {
        const burst = await runBurst(server, name, instance, sessions, Math.ceil(plan.turnsPerBurst / sessions), plan.turnsPerConversation);
        bursts.set(key(sessions, name), [...(bursts.get(key(sessions, name)) ?? []), burst]);
      }
    }
    log(`  concurrency repetition ${repetition + 1}/${plan.repetitions} done`);
  }
  return plan.levels.map((sessions) => {
    const plain = bursts.get(key(sessions, PLAIN)) ?? [];
    return {
      sessions,
      turnsPerSession: Math.ceil(plan.turnsPerBurst / sessions),
      rows: contenders.map(({ name }) => {
        const mine = bursts.get(key(sessions, name))!;
        const pick = (field: keyof Burst) => spread(mine.map((burst) => burst[field]));
        return {
          contender: name,
          turnsPerSecond: pick('turnsPerSecond'),
          ratioToPlain: spread(mine.map((burst, index) => burst.turnsPerSecond / (plain[index]?.turnsPerSecond ?? Number.NaN))),
          p50LatencyMs: pick('p50LatencyMs'),
          p99LatencyMs: pick('p99LatencyMs'),
          cpuPerTurnUs: pick('cpuPerTurnUs'),
          serverEventLoop: pick('serverEventLoop'),
          serverCpu: pick('serverCpu'),
        };
      }),
    };
  });
}

async function runBurst(
  server: BenchServer,
  name: string,
  instance: ContenderInstance,
  sessions: number,
  turnsPerSession: number,
  turnsPerConversation: number,
): Promise<Burst> {
  const conversations = Array.from({ length: sessions }, () => instance.conversation(SCENARIO));
  const latencies: number[] = [];
  const executedBefore = executions.count;
  const requestsBefore = server.stats.requests;
  const serverCpuBefore = server.cpuUs();
  server.utilisation();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    conversations.map(async (_, session) => {
      for (let turn = 0; turn < turnsPerSession; turn += 1) {
        if (turn > 0 && turn % turnsPerConversation === 0) {
          conversations[session]!.close();
          conversations[session] = instance.conversation(SCENARIO);
        }
        const turnStarted = performance.now();
        const answer = await conversations[session]!.turn();
        latencies.push(performance.now() - turnStarted);
        // Executions and requests are counted for the whole burst below.
        verifyAnswer(SCENARIO, name, answer);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const turns = sessions * turnsPerSession;
  await server.waitForIdle();
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuUs = server.cpuUs() - serverCpuBefore;
  const utilisation = server.utilisation();
  for (const conversation of conversations) conversation.close();
  if (executions.count - executedBefore !== turns * SCENARIO.executions) {
    throw new Error(`${name}: ${sessions} concurrent sessions executed ${executions.count - executedBefore} tools, expected ${turns * SCENARIO.executions}`);
  }
  if (server.stats.requests - requestsBefore !== turns * SCENARIO.requests) {
    throw new Error(`${name}: ${sessions} concurrent sessions made ${server.stats.requests - requestsBefore} requests, expected ${turns * SCENARIO.requests}`);
  }
  return {
    turns,
    turnsPerSecond: turns / (wallMs / 1000),
    p50LatencyMs: percentile(latencies, 50),
    p99LatencyMs: percentile(latencies, 99),
    cpuPerTurnUs: (cpu.user + cpu.system - serverCpuUs) / turns,
    serverEventLoop: utilisation.eventLoop,
    serverCpu: utilisation.cpu,
  };
}
