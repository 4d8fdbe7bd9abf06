/**
 * One long conversation: `turns` turns of one tool call each on a single session (toolcycle) and a
 * single messages array (the plain loop), turn i of one right after turn i of the other (order
 * alternating). The history grows by 4 messages a turn; what matters is whether toolcycle's extra
 * CPU per turn grows with it, so the first and the last `window` turns are compared, each split
 * into slices whose means (GC amortized, as in interleave.ts) give the spread.
 */
import type { ContenderInstance } from './contenders/types.js';
import { measureTurn } from './measure-turn.js';
import { SCENARIOS } from './scenarios.js';
import type { BenchServer } from './server.js';
import { mean, spread, type Spread } from './stats.js';

export interface MultiTurnPlan {
  turns: number;
  /** Conversations run, one after the other. */
  repetitions: number;
  /** Turns at the start and at the end that are compared. */
  window: number;
  /** Slices per window: each gives one mean. */
  slices: number;
}

export interface MultiTurnWindow {
  label: 'start' | 'end';
  /** Turn numbers, 1-based, inclusive. */
  fromTurn: number;
  toTurn: number;
  /** Prior messages at the window's first turn. */
  historyAtStart: number;
  plainCpuUs: Spread;
  toolcycleCpuUs: Spread;
  /** toolcycle − plain loop, per slice. */
  extraCpuUs: Spread;
  extraWallUs: Spread;
}

export interface MultiTurnResult {
  turns: number;
  repetitions: number;
  windows: MultiTurnWindow[];
}

const SCENARIO = SCENARIOS.one_tool;
const MESSAGES_PER_TURN = 4;

export async function runMultiTurn(
  server: BenchServer,
  contenders: { plain: ContenderInstance; toolcycle: ContenderInstance },
  plan: MultiTurnPlan,
  log: (message: string) => void,
): Promise<MultiTurnResult> {
  const cpu = { plain: [] as number[][], toolcycle: [] as number[][] };
  const overhead = { plain: [] as number[][], toolcycle: [] as number[][] };
  for (let repetition = 0; repetition < plan.repetitions; repetition += 1) {
    const conversations = { plain: contenders.plain.conversation(SCENARIO), toolcycle: contenders.toolcycle.conversation(SCENARIO) };
    const names = ['plain', 'toolcycle'] as const;
    for (const name of names) {
      cpu[name].push([]);
      overhead[name].push([]);
    }
    for (let turn = 0; turn < plan.turns; turn += 1) {
      for (const name of turn % 2 === 0 ? names : [...names].reverse()) {
        const sample = await measureTurn(server, name, SCENARIO, () => conversations[name].turn());
        cpu[name][repetition]!.push(sample.cpuUs);
        overhead[name][repetition]!.push((sample.wallMs - sample.serverMs) * 1000);
      }
      if ((turn + 1) % 250 === 0) log(`  long conversation ${repetition + 1}/${plan.repetitions}: turn ${turn + 1}/${plan.turns}`);
    }
    conversations.plain.close();
    conversations.toolcycle.close();
  }

  const windowOf = (label: 'start' | 'end'): MultiTurnWindow => {
    const from = label === 'start' ? 0 : plan.turns - plan.window;
    const sliceLength = Math.floor(plan.window / plan.slices);
    const slices = (series: number[][]) =>
      series.flatMap((turns) =>
        Array.from({ length: plan.slices }, (_, slice) => mean(turns.slice(from + slice * sliceLength, from + (slice + 1) * sliceLength))),
      );
    const difference = (a: number[], b: number[]) => a.map((value, index) => value - b[index]!);
    const plainCpu = slices(cpu.plain);
    const toolcycleCpu = slices(cpu.toolcycle);
    return {
      label,
      fromTurn: from + 1,
      toTurn: from + plan.window,
      historyAtStart: from * MESSAGES_PER_TURN,
      plainCpuUs: spread(plainCpu),
      toolcycleCpuUs: spread(toolcycleCpu),
      extraCpuUs: spread(difference(toolcycleCpu, plainCpu)),
      extraWallUs: spread(difference(slices(overhead.toolcycle), slices(overhead.plain))),
    };
  };
  return { turns: plan.turns, repetitions: plan.repetitions, windows: [windowOf('start'), windowOf('end')] };
}
