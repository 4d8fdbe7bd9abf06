/** The shape of results.json: everything one `npm run bench` measured. */
import type { Group } from './cells.js';
import type { ConcurrencyResult } from './concurrency.js';
import type { MultiTurnResult } from './multi-turn.js';
import type { SlowToolsRow } from './slow-tools.js';
import type { Spread } from './stats.js';

/** One contender in one block, over the measured rounds (medians per round, then their spread). */
export interface CellResult {
  contender: string;
  /** Measured turns in all rounds. */
  turns: number;
  cpuUs: Spread;
  /** CPU ÷ the plain loop's, round by round. */
  cpuRatio: Spread;
  wallOverheadUs: Spread;
  wallRatio: Spread;
  wallUs: Spread;
  serverUs: Spread;
  firstTokenUs?: Spread;
  firstTokenRatio?: Spread;
  /** Why this cell has no figures: its turn threw (the error message). */
  failed?: string;
}

export interface BlockResult {
  id: string;
  group: Group;
  title: string;
  scenario: string;
  requests: number;
  historySize?: number;
  rows: CellResult[];
}

/** toolcycle's CPU per turn minus the plain loop's, by prior history size. */
export interface HistoryExtra {
  size: number;
  extraCpuUs: Spread;
  extraWallUs: Spread;
}

export interface HistoryResult {
  sizes: HistoryExtra[];
  /** median extra(largest) ÷ median extra(smallest); and the same ratio round by round (which decides the target). */
  growth: { from: number; to: number; ratio: number; perRound: Spread };
}

/** Per round (warm-up included): the plain loop's and toolcycle's CPU median in one block, to show it settle. */
export interface SettlingRound {
  round: number;
  warmup: boolean;
  plainCpuUs: number;
  toolcycleCpuUs: number;
}

export interface HeapResult {
  contender: string;
  mode: 'idle' | 'parked';
  sessions: number;
  bytesPerSession: Spread;
  note: string;
}

/**
 * For a figure measured round by round: `met` when its upper quartile meets the target, `missed`
 * when its lower quartile misses it, `not resolved` when the target lies between the quartiles.
 */
export type Verdict = 'met' | 'missed' | 'not resolved';

export interface TargetCheck {
  target: string;
  /** The figure, with its spread. */
  measured: string;
  verdict: Verdict;
}

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: { cpu: string; cores: number; memoryGB: number; platform: string; node: string; loadAverage: number[] };
  versions: Record<string, string>;
  method: Record<string, string>;
  settling: { block: string; rounds: SettlingRound[] };
  blocks: BlockResult[];
  history?: HistoryResult;
  multiTurn?: MultiTurnResult;
  concurrency: ConcurrencyResult[];
  heap: HeapResult[];
  slowTools: SlowToolsRow[];
  targets: TargetCheck[];
  wallTimeSeconds: number;
}
