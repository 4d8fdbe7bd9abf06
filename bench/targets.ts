/** The project's performance targets, checked against one run's results (medians; the spread is shown beside them). */
import type { BenchResults, BlockResult, TargetCheck, Verdict } from './results.js';
import type { Spread } from './stats.js';
import { PLAIN, TOOLCYCLE } from './summaries.js';

export const TARGETS = {
  cpuRatio: 1.1,
  historyGrowth: 1.2,
  concurrencyRatio: 0.9,
  idleBytes: 6 * 1024,
  parkedBytes: 8 * 1024,
  streamingCpuRatio: 1.1,
  slowToolsWallMs: 110,
} as const;

const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
export const formatSpread = (value: Spread, digits = 0, unit = '') => `${n(value.median, digits)}${unit} (${n(value.min, digits)}–${n(value.max, digits)})`;

/** See Verdict: the quartiles over rounds against the limit (`atMost`: lower is better). */
function verdict(value: Spread, limit: number, atMost: boolean): Verdict {
  const [good, bad] = atMost ? [value.q3 <= limit, value.q1 > limit] : [value.q1 >= limit, value.q3 < limit];
  return good ? 'met' : bad ? 'missed' : 'not resolved';
}
const single = (met: boolean): Verdict => (met ? 'met' : 'missed');

const ours = (block: BlockResult) => block.rows.filter((row) => row.contender.startsWith(TOOLCYCLE));
const isPeer = (name: string) => !name.startsWith(TOOLCYCLE) && name !== PLAIN;
const label = (block: BlockResult) => `${block.group} · ${block.title}`;

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const block of results.blocks) {
    const hasPlain = block.rows.some((row) => row.contender === PLAIN);
    const ratioTarget = block.group === 'streaming' ? TARGETS.streamingCpuRatio : TARGETS.cpuRatio;
    for (const row of ours(block)) {
      if (hasPlain && block.group !== 'history') {
        checks.push({
          target: `${label(block)}${row.contender === TOOLCYCLE ? '' : ` (${row.contender})`}: CPU ≤ ${ratioTarget}× plain`,
          measured: `${formatSpread(row.cpuRatio, 2, '×')}; wall ${n(row.wallRatio.median, 2)}×`,
          verdict: verdict(row.cpuRatio, ratioTarget, true),
        });
      }
      const peers = block.rows.filter((peer) => isPeer(peer.contender) && !peer.failed);
      if (peers.length > 0) {
        const closest = peers.reduce((best, peer) => (peer.cpuUs.median < best.cpuUs.median ? peer : best));
        checks.push({
          target: `${label(block)}${row.contender === TOOLCYCLE ? '' : ` (${row.contender})`}: CPU below every framework peer`,
          measured: `${n(row.cpuUs.median)} µs vs ${closest.contender} ${n(closest.cpuUs.median)} µs`,
          verdict: single(peers.every((peer) => row.cpuUs.median < peer.cpuUs.median)),
        });
      }
    }
  }
  if (results.history) {
    const { growth } = results.history;
    checks.push({
      target: `history: extra CPU at ${n(growth.to)} ÷ at ${n(growth.from)} messages ≤ ${TARGETS.historyGrowth}`,
      measured: `${n(growth.ratio, 2)}× (medians); round by round ${formatSpread(growth.perRound, 2, '×')}, quartiles ${n(growth.perRound.q1, 2)}–${n(growth.perRound.q3, 2)}`,
      verdict: verdict(growth.perRound, TARGETS.historyGrowth, true),
    });
  }
  for (const level of results.concurrency) {
    const row = level.rows.find((candidate) => candidate.contender === TOOLCYCLE);
    if (!row) continue;
    checks.push({
      target: `${n(level.sessions)} concurrent sessions: turns/s ≥ ${TARGETS.concurrencyRatio}× plain`,
      measured: `${formatSpread(row.ratioToPlain, 2, '×')}; server event loop ${n(row.serverEventLoop.median * 100)} % busy`,
      verdict: verdict(row.ratioToPlain, TARGETS.concurrencyRatio, false),
    });
  }
  for (const [mode, limit] of [
    ['idle', TARGETS.idleBytes],
    ['parked', TARGETS.parkedBytes],
  ] as const) {
    const heap = results.heap.find((row) => row.contender === TOOLCYCLE && row.mode === mode);
    if (!heap) continue;
    checks.push({
      target: `heap per ${mode === 'idle' ? 'idle session' : 'session parked in a tool call'} ≤ ${limit / 1024} KB`,
      measured: formatSpread(heap.bytesPerSession, 0, ' B'),
      verdict: verdict(heap.bytesPerSession, limit, true),
    });
  }
  const slow = results.slowTools.find((row) => row.contender === TOOLCYCLE);
  if (slow) {
    checks.push({
      target: `4 parallel ${slow.slowestToolMs} ms tools: turn ≤ ${TARGETS.slowToolsWallMs} ms`,
      measured: formatSpread(slow.wallMs, 1, ' ms'),
      verdict: verdict(slow.wallMs, TARGETS.slowToolsWallMs, true),
    });
  }
  return checks;
}
