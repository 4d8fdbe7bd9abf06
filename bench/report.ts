/** Writes one run's outputs: the tables on stdout, results(.quick).json and chart(.quick).svg. */
import { writeFileSync } from 'node:fs';
import { renderSvg } from './chart.js';
import { renderTables } from './report-tables.js';
import type { BenchResults } from './results.js';

export function writeReport(results: BenchResults, directory: string, options: { partial: boolean }): void {
  process.stdout.write(`${renderTables(results)}\n`);
  if (options.partial) {
    process.stderr.write('partial run (--only/--contender): results.json and chart.svg left unchanged\n');
    return;
  }
  // A quick run's few samples must not replace the full run the README quotes.
  const suffix = results.mode === 'quick' ? '.quick' : '';
  writeFileSync(`${directory}results${suffix}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${directory}chart${suffix}.svg`, renderSvg(results));
  process.stderr.write(`wrote ${directory}results${suffix}.json and ${directory}chart${suffix}.svg\n`);
}
