/** The results as markdown tables: stdout of every run, and what bench/README.md quotes. */
import type { Group } from './cells.js';
import type { BenchResults, BlockResult } from './results.js';
import type { Spread } from './stats.js';
import { PLAIN, TOOLCYCLE } from './summaries.js';
import { formatSpread } from './targets.js';

const bold = (name: string) => (name.startsWith(TOOLCYCLE) ? `**${name}**` : name);
const int = (value: Spread) => formatSpread(value);
const ratio = (value: Spread) => formatSpread(value, 2, '×');
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');

const GROUP_INTRO: Record<Exclude<Group, 'history'>, string> = {
  fresh: 'Fresh conversation per turn (toolcycle: `createSession` … `stop()` inside the turn).',
  'long-lived': 'Long-lived session: one conversation per contender reused turn after turn (created untimed; it starts over every few turns so its history stays short).',
  streaming: 'Streamed (`stream: true`), fresh conversation per turn. TTFT = wall time from the call to the first content delta of the answer (after the tool round, in the tool scenario).',
};

function blockTable(blocks: readonly BlockResult[], streamed: boolean): string[] {
  const lines = [
    `| scenario | contender | CPU µs/turn | CPU × plain | wall overhead µs | wall × plain |${streamed ? ' TTFT µs | TTFT × plain |' : ''} server µs/turn |`,
    `|---|---|--:|--:|--:|--:|${streamed ? '--:|--:|' : ''}--:|`,
  ];
  for (const block of blocks) {
    for (const row of block.rows) {
      if (row.failed) {
        lines.push(`| ${block.title} | ${bold(row.contender)} | failed: ${row.failed.replace(/\|/g, '\\|').slice(0, 160)} |${' |'.repeat(streamed ? 6 : 4)}`);
        continue;
      }
      const ttft = streamed ? ` ${row.firstTokenUs ? int(row.firstTokenUs) : 'n/a'} | ${row.firstTokenRatio ? ratio(row.firstTokenRatio) : 'n/a'} |` : '';
      lines.push(
        `| ${block.title} | ${bold(row.contender)} | ${int(row.cpuUs)} | ${ratio(row.cpuRatio)} | ${int(row.wallOverheadUs)} | ${ratio(row.wallRatio)} |${ttft} ${fixed(row.serverUs.median)} |`,
      );
    }
  }
  return lines;
}

export function renderTables(results: BenchResults): string {
  const { machine } = results;
  const lines: string[] = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.platform}, Node ${machine.node}, load average at start ${machine.loadAverage.map((load) => load.toFixed(2)).join(' ')} — ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.mode} run (${fixed(results.wallTimeSeconds)} s)`,
    '',
    'Every figure: median over the measured rounds (min–max over rounds) of each round\'s mean per turn (TTFT: median). CPU = process CPU over the turn − the server thread\'s CPU; wall overhead = turn wall time − server wall time; × plain = ÷ the plain loop\'s figure in the same round.',
  ];

  const settle = results.settling;
  if (settle.rounds.length > 0) {
    lines.push('', `Settling (${settle.block}, CPU µs per turn, each round's mean):`, '', '| round | | plain loop | toolcycle | × plain |', '|--:|---|--:|--:|--:|');
    for (const round of settle.rounds) {
      lines.push(`| ${round.round} | ${round.warmup ? 'warm-up' : 'measured'} | ${fixed(round.plainCpuUs)} | ${fixed(round.toolcycleCpuUs)} | ${fixed(round.toolcycleCpuUs / round.plainCpuUs, 2)} |`);
    }
  }

  for (const group of ['fresh', 'long-lived', 'streaming'] as const) {
    const blocks = results.blocks.filter((block) => block.group === group);
    if (blocks.length === 0) continue;
    lines.push('', GROUP_INTRO[group], '', ...blockTable(blocks, group === 'streaming'));
  }

  if (results.history) {
    const historyBlocks = results.blocks.filter((block) => block.group === 'history');
    lines.push(
      '',
      'Fixed history: one tool call per turn on a conversation that starts with that many prior messages (created untimed) and starts over every 10 turns; extra = toolcycle − plain loop, per round.',
      '',
      '| prior messages | plain loop CPU µs | toolcycle CPU µs | extra CPU µs | extra wall µs | server µs/turn |',
      '|--:|--:|--:|--:|--:|--:|',
    );
    for (const extra of results.history.sizes) {
      const block = historyBlocks.find((candidate) => candidate.historySize === extra.size);
      const row = (name: string) => block?.rows.find((candidate) => candidate.contender === name);
      lines.push(
        `| ${fixed(extra.size)} | ${row(PLAIN) ? int(row(PLAIN)!.cpuUs) : 'n/a'} | ${row(TOOLCYCLE) ? int(row(TOOLCYCLE)!.cpuUs) : 'n/a'} | ${int(extra.extraCpuUs)} | ${int(extra.extraWallUs)} | ${fixed(row(PLAIN)?.serverUs.median ?? Number.NaN)} |`,
      );
    }
    const { growth } = results.history;
    lines.push('', `extra(${fixed(growth.to)}) ÷ extra(${fixed(growth.from)}): ${fixed(growth.ratio, 2)}× (medians; round by round ${ratio(growth.perRound)})`);
  }

  if (results.multiTurn) {
    const { multiTurn } = results;
    lines.push(
      '',
      `One conversation of ${fixed(multiTurn.turns)} turns (one tool call each; ${multiTurn.repetitions} conversation${multiTurn.repetitions === 1 ? '' : 's'} per contender, turns interleaved); spread over slices of each window:`,
      '',
      '| window | turns | prior messages | plain loop CPU µs | toolcycle CPU µs | extra CPU µs | extra wall µs |',
      '|---|--:|--:|--:|--:|--:|--:|',
    );
    for (const window of multiTurn.windows) {
      lines.push(
        `| ${window.label} | ${window.fromTurn}–${window.toTurn} | ${fixed(window.historyAtStart)}+ | ${int(window.plainCpuUs)} | ${int(window.toolcycleCpuUs)} | ${int(window.extraCpuUs)} | ${int(window.extraWallUs)} |`,
      );
    }
  }

  if (results.concurrency.length > 0) {
    lines.push(
      '',
      'Concurrent sessions (one tool call per turn; each session a separate long-lived conversation, all running at once): throughput, latency per turn, and how busy the server was.',
      '',
      '| sessions | contender | turns/s | × plain | p50 latency ms | p99 latency ms | CPU µs/turn | server event loop busy | server CPU (of one core) |',
      '|--:|---|--:|--:|--:|--:|--:|--:|--:|',
    );
    for (const level of results.concurrency) {
      for (const row of level.rows) {
        const percent = (value: Spread) => `${fixed(value.median * 100)} % (${fixed(value.min * 100)}–${fixed(value.max * 100)})`;
        lines.push(
          `| ${fixed(level.sessions)} × ${level.turnsPerSession} turns | ${bold(row.contender)} | ${int(row.turnsPerSecond)} | ${ratio(row.ratioToPlain)} | ${formatSpread(row.p50LatencyMs, 1)} | ${formatSpread(row.p99LatencyMs, 1)} | ${int(row.cpuPerTurnUs)} | ${percent(row.serverEventLoop)} | ${percent(row.serverCpu)} |`,
        );
      }
    }
  }

  if (results.heap.length > 0) {
    lines.push('', 'Heap per session (`heapUsed` growth after forced GCs, per session; spread over batches):', '', '| contender | idle B/session | parked in a tool call B/session | idle session = |', '|---|--:|--:|---|');
    for (const name of [...new Set(results.heap.map((row) => row.contender))]) {
      const cell = (mode: 'idle' | 'parked') => {
        const row = results.heap.find((candidate) => candidate.contender === name && candidate.mode === mode);
        return row ? `${int(row.bytesPerSession)} ×${fixed(row.sessions)}` : 'n/a';
      };
      const note = results.heap.find((row) => row.contender === name)?.note ?? '';
      lines.push(`| ${bold(name)} | ${cell('idle')} | ${cell('parked')} | ${note} |`);
    }
  }

  if (results.slowTools.length > 0) {
    lines.push('', `4 parallel ${results.slowTools[0]!.slowestToolMs} ms tools, turn wall time:`, '', '| contender | wall ms |', '|---|--:|');
    for (const row of results.slowTools) lines.push(`| ${bold(row.contender)} | ${formatSpread(row.wallMs, 1)} |`);
  }

  if (results.targets.length > 0) {
    lines.push('', 'Targets (toolcycle). Figures measured round by round are decided by their quartiles: met when the upper quartile meets the target, missed when the lower one misses it, not resolved in between; "below every peer" by medians.', '', '| target | measured | |', '|---|---|---|');
    for (const check of results.targets) lines.push(`| ${check.target} | ${check.measured} | ${check.verdict === 'met' ? 'met' : `**${check.verdict}**`} |`);
  }
  return lines.join('\n');
}
