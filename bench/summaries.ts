/** Turns the rounds' per-cell medians into results: spreads over rounds, ratios to the plain loop round by round. */
import type { Block } from './cells.js';
import type { RoundFigures, RoundsResult } from './interleave.js';
import type { BlockResult, CellResult, HistoryResult, SettlingRound } from './results.js';
import { median, spread } from './stats.js';

export const PLAIN = 'plain loop';
export const TOOLCYCLE = 'toolcycle';

const measured = (rounds: readonly RoundFigures[]) => rounds.filter((round) => !round.warmup);

export function summariseBlocks(blocks: readonly Block[], { figures, failures }: RoundsResult): BlockResult[] {
  return blocks.map((block) => {
    const cells = figures.get(block.id)!;
    const failed = failures.get(block.id)!;
    const plain = measured(cells.get(PLAIN) ?? []);
    const ratio = (mine: readonly RoundFigures[], pick: (round: RoundFigures) => number | undefined) =>
      spread(mine.map((round, index) => (pick(round) ?? Number.NaN) / (plain[index] ? (pick(plain[index]!) ?? Number.NaN) : Number.NaN)));
    const rows = block.cells.map((cell): CellResult => {
      const mine = failed.has(cell.name) ? [] : measured(cells.get(cell.name)!);
      const over = (pick: (round: RoundFigures) => number) => spread(mine.map(pick));
      const streamed = mine.some((round) => round.firstTokenUs !== undefined);
      return {
        contender: cell.name,
        turns: mine.reduce((total, round) => total + round.turns, 0),
        cpuUs: over((round) => round.cpuUs),
        cpuRatio: ratio(mine, (round) => round.cpuUs),
        wallOverheadUs: over((round) => round.wallOverheadUs),
        wallRatio: ratio(mine, (round) => round.wallOverheadUs),
        wallUs: over((round) => round.wallUs),
        serverUs: over((round) => round.serverUs),
        ...(failed.has(cell.name) ? { failed: failed.get(cell.name)! } : {}),
        ...(streamed
          ? { firstTokenUs: over((round) => round.firstTokenUs ?? Number.NaN), firstTokenRatio: ratio(mine, (round) => round.firstTokenUs) }
          : {}),
      };
    });
    return {
      id: block.id,
      group: block.group,
      title: block.title,
      scenario: block.scenario.id,
      requests: block.scenario.requests,
      ...(block.historySize === undefined ? {} : { historySize: block.historySize }),
      rows,
    };
  });
}

/** toolcycle − plain loop per round, at each history size; and how the extra grows from the smallest size to the largest. */
export function summariseHistory(blocks: readonly Block[], { figures: rounds }: RoundsResult): HistoryResult | undefined {
  const sized = blocks.filter((block) => block.historySize !== undefined);
  const extras = sized.map((block) => {
    const cells = rounds.get(block.id)!;
    const plain = measured(cells.get(PLAIN) ?? []);
    const ours = measured(cells.get(TOOLCYCLE) ?? []);
    const difference = (pick: (round: RoundFigures) => number) => ours.map((round, index) => pick(round) - (plain[index] ? pick(plain[index]!) : Number.NaN));
    return { size: block.historySize!, cpu: difference((round) => round.cpuUs), wall: difference((round) => round.wallOverheadUs) };
  });
  if (extras.length < 2 || extras.some((extra) => extra.cpu.length === 0)) return undefined;
  const first = extras[0]!;
  const last = extras.at(-1)!;
  return {
    sizes: extras.map((extra) => ({ size: extra.size, extraCpuUs: spread(extra.cpu), extraWallUs: spread(extra.wall) })),
    growth: {
      from: first.size,
      to: last.size,
      // A ratio of medians: a round's own ratio is unstable whenever its small extra(smallest) is near zero.
      ratio: median(last.cpu) / median(first.cpu),
      perRound: spread(last.cpu.map((value, index) => value / first.cpu[index]!)),
    },
  };
}

export function settling(blockId: string, { figures: rounds }: RoundsResult): { block: string; rounds: SettlingRound[] } {
  const cells = rounds.get(blockId);
  const plain = cells?.get(PLAIN) ?? [];
  const ours = cells?.get(TOOLCYCLE) ?? [];
  return {
    block: blockId,
    rounds: plain.map((round, index) => ({
      round: index + 1,
      warmup: round.warmup,
      plainCpuUs: round.cpuUs,
      toolcycleCpuUs: ours[index]?.cpuUs ?? Number.NaN,
    })),
  };
}
