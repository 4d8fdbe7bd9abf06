/**
 * Compiles the checkout (src, machines, tools, bench) with tsc into bench/.build, so the bench
 * measures toolcycle as it ships (tsc output, like dist/) and not as tsx rewrites it at load.
 * `npx tsx bench/build.ts` builds and prints the folder, e.g. to profile compiled code:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.build/bench/profile.js toolcycle fresh:one_tool 3000
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, BUILD_DIR } from './paths.js';

export function buildBench(): string {
  const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
  execFileSync(process.execPath, [`${typescript}/bin/tsc`, '-p', `${BENCH_DIR}tsconfig.json`], { stdio: 'inherit' });
  return BUILD_DIR;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${buildBench()}\n`);
