/**
 * `npm run bench` (options in options.ts): compiles the checkout with tsc (build.ts) and runs the
 * bench (main.ts) from that build in plain Node, so toolcycle is measured as it ships. `--tsx`
 * runs the TypeScript sources through tsx instead (quicker to edit; heavier closures, see
 * tsconfig.json).
 */
import { spawnSync } from 'node:child_process';
import { buildBench } from './build.js';

if (process.argv.includes('--tsx')) {
  await import('./main.js');
} else {
  const started = performance.now();
  const built = buildBench();
  process.stderr.write(`[build] tsc → ${built} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  // --expose-gc: the rounds collect garbage (untimed) between batches, see interleave.ts.
  const run = spawnSync(process.execPath, ['--expose-gc', `${built}bench/main.js`, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
