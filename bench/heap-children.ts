/**
 * Runs heap.ts in child processes (--expose-gc): idle sessions of every contender (split over two
 * children, 2 cores), and sessions parked in a tool call for the plain loop and toolcycle (a child each).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { benchEntry, CHECKOUT } from './paths.js';
import type { HeapResult } from './results.js';
import { spread } from './stats.js';
import { PLAIN, TOOLCYCLE } from './summaries.js';

export interface HeapPlan {
  idleSessions: number;
  parkedSessions: number;
  batches: number;
  /** Sessions made (and, parked, released) before measuring, so lazy code and caches are not charged to sessions. */
  warmup: number;
}

export async function measureHeap(names: readonly string[], plan: HeapPlan, log: (message: string) => void): Promise<HeapResult[]> {
  const parked = names.filter((name) => name === PLAIN || name === TOOLCYCLE);
  log(`heap per session: ${plan.idleSessions} idle (${names.length} contenders), ${plan.parkedSessions} parked (${parked.join(', ')}), in child processes`);
  const halves = [names.filter((_, index) => index % 2 === 0), names.filter((_, index) => index % 2 === 1)].filter((half) => half.length > 0);
  const runs = [
    ...halves.map((half) => child('idle', plan.idleSessions, plan, half)),
    // One child per contender: parking is mostly waiting for round trips, which two children overlap.
    ...parked.map((name) => child('parked', plan.parkedSessions, plan, [name])),
  ];
  const measured = (await Promise.all(runs)).flat();
  const order = (row: HeapResult) => names.indexOf(row.contender);
  return measured.sort((a, b) => order(a) - order(b) || a.mode.localeCompare(b.mode));
}

async function child(mode: 'idle' | 'parked', sessions: number, plan: HeapPlan, names: readonly string[]): Promise<HeapResult[]> {
  try {
    const heap = benchEntry('heap');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', ...heap.nodeFlags, heap.file, mode, String(sessions), String(plan.batches), String(plan.warmup), ...names],
      { cwd: CHECKOUT, timeout: 300_000 },
    );
    return stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as HeapResult);
  } catch (error) {
    const failed = spread([]);
    return names.map((contender) => ({ contender, mode, sessions: 0, bytesPerSession: failed, note: `failed: ${(error as Error).message.slice(0, 300)}` }));
  }
}
