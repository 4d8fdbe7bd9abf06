/**
 * What a run measures and how long: the command line, and the quick and full schedules.
 *
 *   npx tsx bench/run.ts [--quick] [--only fresh,long-lived,history,streaming,multi-turn,concurrency,heap,slow-tools]
 *                        [--scenario one_tool,chain3] [--contender "plain,toolcycle"]
 */
import type { ConcurrencyPlan } from './concurrency.js';
import type { HeapPlan } from './heap-children.js';
import { HISTORY_SIZES } from './history.js';
import type { Schedule } from './interleave.js';
import type { MultiTurnPlan } from './multi-turn.js';
import { STREAM_SCENARIOS, TURN_SCENARIOS, type ScenarioId } from './scenarios.js';

export const PARTS = ['fresh', 'long-lived', 'history', 'streaming', 'multi-turn', 'concurrency', 'heap', 'slow-tools'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  quick: boolean;
  parts: ReadonlySet<Part>;
  scenarios: ScenarioId[];
  streamScenarios: ScenarioId[];
  /** Lower-case substrings of contender names; undefined: all. */
  contenders?: string[];
  /** True when a filter left something out: the results files are then left alone. */
  partial: boolean;
  schedule: Schedule;
  longLivedTurns: number;
  historySizes: readonly number[];
  historyBatch: number;
  multiTurn: MultiTurnPlan;
  concurrency: ConcurrencyPlan;
  heap: HeapPlan;
  slowTurns: number;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    if (index >= 0) return argv[index + 1];
    return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const list = (value: string | undefined) => value?.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
  const quick = argv.includes('--quick');
  const only = list(option('only'));
  const unknown = only?.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown?.length) throw new Error(`--only: unknown part(s) ${unknown.join(', ')}; parts: ${PARTS.join(', ')}`);
  const parts = new Set<Part>((only as Part[] | undefined) ?? PARTS);
  if (argv.includes('--no-heap')) parts.delete('heap');
  const scenarioFilter = list(option('scenario'));
  const known = [...TURN_SCENARIOS, ...STREAM_SCENARIOS];
  const badScenario = scenarioFilter?.filter((id) => !(known as string[]).includes(id));
  if (badScenario?.length) throw new Error(`--scenario: unknown scenario(s) ${badScenario.join(', ')}; scenarios: ${known.join(', ')}`);
  const pick = (ids: ScenarioId[]) => ids.filter((id) => !scenarioFilter || scenarioFilter.includes(id));
  const contenders = list(option('contender'));
  return {
    quick,
    parts,
    scenarios: pick(TURN_SCENARIOS),
    streamScenarios: pick(STREAM_SCENARIOS),
    contenders,
    partial: Boolean(only || scenarioFilter || contenders || argv.includes('--no-heap')),
    ...(quick ? QUICK : FULL),
  };
}

type Plan = Omit<BenchOptions, 'quick' | 'parts' | 'scenarios' | 'streamScenarios' | 'contenders' | 'partial'>;

// Quick: every measurement, at its minimum of 3 measured repetitions; under 90 s on 2 shared cores.
// The long conversation is shorter (its cost grows with the square of its length: every request
// carries, and the server checks, the whole history).
const QUICK: Plan = {
  schedule: { warmupRounds: 2, rounds: 3, batch: 3 },
  longLivedTurns: 10,
  historyBatch: 12,
  historySizes: HISTORY_SIZES,
  multiTurn: { turns: 300, repetitions: 1, window: 60, slices: 3 },
  concurrency: { levels: [10, 100, 1000], repetitions: 3, turnsPerBurst: 100, turnsPerConversation: 10 },
  heap: { idleSessions: 1500, parkedSessions: 450, batches: 3, warmup: 24 },
  slowTurns: 3,
};

const FULL: Plan = {
  schedule: { warmupRounds: 3, rounds: 10, batch: 12 },
  longLivedTurns: 10,
  historyBatch: 48,
  historySizes: HISTORY_SIZES,
  multiTurn: { turns: 1000, repetitions: 3, window: 100, slices: 5 },
  concurrency: { levels: [10, 100, 1000], repetitions: 5, turnsPerBurst: 2000, turnsPerConversation: 10 },
  heap: { idleSessions: 15_000, parkedSessions: 6000, batches: 3, warmup: 200 },
  slowTurns: 15,
};
