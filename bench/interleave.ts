/**
 * The interleaved rounds: every round runs a batch of turns on every cell of every block, the
 * cells' order rotated each round, so machine noise lands on every contender alike. Each cell's
 * round is summarised by its means (CPU and wall per turn: what the batch cost ÷ its turns, so a
 * garbage collection triggered by a contender's allocations is charged to it in proportion, not
 * dropped the way a median drops the turns it lands in) and the median time to first token; the
 * report compares cells round by round (summaries.ts).
 * Warm-up rounds run the same way and are kept (marked), to show the figures settling.
 */
import type { Block, Cell } from './cells.js';
import { measureTurn, type Sample } from './measure-turn.js';
import type { BenchServer } from './server.js';
import { mean, median } from './stats.js';

export interface Schedule {
  warmupRounds: number;
  rounds: number;
  /** Turns per cell per round. */
  batch: number;
}

/** One cell's round: means over its batch (time to first token: the median). */
export interface RoundFigures {
  warmup: boolean;
  turns: number;
  cpuUs: number;
  wallUs: number;
  /** Wall time minus server wall time. */
  wallOverheadUs: number;
  serverUs: number;
  /** Streamed turns only. */
  firstTokenUs?: number;
}

/** Per block id, per cell name: one entry per round, warm-up rounds first. */
export type RoundsByCell = Map<string, Map<string, RoundFigures[]>>;

export interface RoundsResult {
  figures: RoundsByCell;
  /**
   * Cells whose turn threw (a peer that cannot do what the block asks, such as a second turn its
   * own history makes invalid): per block id, cell name → the error. They sit out the later rounds.
   */
  failures: Map<string, Map<string, string>>;
}

/** V8's collector, when the process runs with --expose-gc (run.ts starts main.js so). */
const collect = (globalThis as { gc?: (options?: { type?: 'major' | 'minor'; execution?: 'sync' }) => void }).gc;

export async function runRounds(server: BenchServer, blocks: readonly Block[], schedule: Schedule, log: (message: string) => void): Promise<RoundsResult> {
  const byCell: RoundsByCell = new Map(blocks.map((block) => [block.id, new Map(block.cells.map((cell) => [cell.name, []]))]));
  const failures = new Map<string, Map<string, string>>(blocks.map((block) => [block.id, new Map()]));
  const total = schedule.warmupRounds + schedule.rounds;
  for (let round = 0; round < total; round += 1) {
    const warmup = round < schedule.warmupRounds;
    const started = performance.now();
    // Untimed: each round starts from a collected heap, each batch from an empty young generation,
    // so the collections during a batch are those its own allocations trigger, not the last cell's.
    collect?.({ type: 'major', execution: 'sync' });
    for (const block of blocks) {
      const failed = failures.get(block.id)!;
      for (const cell of rotate(block.cells, round)) {
        if (failed.has(cell.name)) continue;
        collect?.({ type: 'minor', execution: 'sync' });
        try {
          byCell.get(block.id)!.get(cell.name)!.push(figures(await runBatch(server, block, cell, block.batch ?? schedule.batch), warmup));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failed.set(cell.name, message);
          // The failed turn's last response may still be finishing: it must not count in the next cell's turn.
          await server.waitForIdle();
          log(`${cell.name} failed on ${block.id}, left out: ${message.slice(0, 200)}`);
        }
      }
    }
    log(`${warmup ? 'warm-up' : 'measured'} round ${round + 1}/${total}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const block of blocks) for (const cell of block.cells) cell.dispose();
  return { figures: byCell, failures };
}

async function runBatch(server: BenchServer, block: Block, cell: Cell, batch: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < batch; i += 1) {
    const turn = cell.next();
    const sample = await measureTurn(server, cell.name, block.scenario, turn.run);
    turn.after?.();
    if (block.group === 'streaming' && sample.firstTokenMs === undefined) {
      throw new Error(`${cell.name}/${block.id}: a streamed turn delivered no content delta`);
    }
    samples.push(sample);
  }
  return samples;
}

function figures(samples: readonly Sample[], warmup: boolean): RoundFigures {
  const us = (pick: (sample: Sample) => number) => mean(samples.map(pick)) * 1000;
  const tokens = samples.filter((sample) => sample.firstTokenMs !== undefined);
  return {
    warmup,
    turns: samples.length,
    cpuUs: mean(samples.map((sample) => sample.cpuUs)),
    wallUs: us((sample) => sample.wallMs),
    wallOverheadUs: us((sample) => sample.wallMs - sample.serverMs),
    serverUs: us((sample) => sample.serverMs),
    ...(tokens.length > 0 ? { firstTokenUs: median(tokens.map((sample) => sample.firstTokenMs!)) * 1000 } : {}),
  };
}

export function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
