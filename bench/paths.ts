/**
 * Where things are, from source (tsx) or compiled (bench/.build, see build.ts): the checkout, this
 * folder in it (where results are written), and the sibling modules the bench starts in workers and
 * child processes, in whichever form is running.
 */
import { fileURLToPath } from 'node:url';

/** True when running the tsc output in bench/.build/bench/ rather than the TypeScript through tsx. */
export const COMPILED = import.meta.url.endsWith('.js');

/** The checkout's root, with a trailing slash. */
export const CHECKOUT = fileURLToPath(new URL(COMPILED ? '../../../' : '../', import.meta.url));

/** bench/ in the checkout (sources, README, results files), with a trailing slash. */
export const BENCH_DIR = `${CHECKOUT}bench/`;

/** Where build.ts writes the compiled checkout. */
export const BUILD_DIR = `${BENCH_DIR}.build/`;

/** A bench module to run in a worker or child process: its compiled file, or its source with the flags tsx needs. */
export function benchEntry(name: string): { file: string; nodeFlags: string[] } {
  const directory = fileURLToPath(new URL('.', import.meta.url));
  return COMPILED ? { file: `${directory}${name}.js`, nodeFlags: [] } : { file: `${directory}${name}.ts`, nodeFlags: ['--import', 'tsx'] };
}
