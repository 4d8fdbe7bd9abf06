/**
 * Four parallel tools of 100 ms each: turn wall time, interleaved turn by turn. The lifecycle's cost
 * is noise here; this checks that the calls really run concurrently (a turn near 100 ms, not 400).
 */
import type { ContenderInstance } from './contenders/types.js';
import { rotate } from './interleave.js';
import { measureTurn } from './measure-turn.js';
import { SCENARIOS } from './scenarios.js';
import type { BenchServer } from './server.js';
import { spread, type Spread } from './stats.js';
import { SLOW_TOOL_MS } from './tools.js';

export interface SlowToolsRow {
  contender: string;
  turns: number;
  wallMs: Spread;
  slowestToolMs: number;
}

export async function runSlowTools(server: BenchServer, contenders: readonly { name: string; instance: ContenderInstance }[], turns: number): Promise<SlowToolsRow[]> {
  const scenario = SCENARIOS.parallel4_slow;
  const walls = new Map<string, number[]>(contenders.map(({ name }) => [name, []]));
  for (let round = -1; round < turns; round += 1) {
    for (const { name, instance } of rotate(contenders, Math.max(0, round))) {
      const sample = await measureTurn(server, name, scenario, () => instance.turn(scenario));
      // Round -1 warms up the slow tool's path.
      if (round >= 0) walls.get(name)!.push(sample.wallMs);
    }
  }
  return contenders.map(({ name }) => ({ contender: name, turns, wallMs: spread(walls.get(name)!), slowestToolMs: SLOW_TOOL_MS }));
}
