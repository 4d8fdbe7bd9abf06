/**
 * Child-process entry (run with --expose-gc): heap bytes per idle session, for each contender
 * named on the command line, one after the other. For each: create the contender, warm its
 * session factory (lazy code and caches are not charged to sessions), then hold N sessions and
 * compare `heapUsed` after forced full GCs. Prints one JSON line per contender.
 *
 *   node --expose-gc --import tsx bench/heap.ts <sessions> <contender name>...
 */
import { findLoader } from './contenders/index.js';

const [countArg, ...names] = process.argv.slice(2);
const count = Number(countArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const settle = async () => {
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

for (const name of names) {
  const loader = findLoader(name);
  if (!loader) throw new Error(`Unknown contender "${name}"`);
  const contender = await loader.load();
  // Nothing listens there: creating a session must not contact the server.
  const instance = await contender.create('http://127.0.0.1:9/v1');
  let held: unknown[] = Array.from({ length: 200 }, () => instance.idleSession());
  held = [];
  const before = await settle();
  held = new Array(count);
  for (let i = 0; i < count; i += 1) held[i] = instance.idleSession();
  const after = await settle();
  process.stdout.write(
    `${JSON.stringify({ contender: contender.name, sessions: held.length, bytesPerSession: (after - before) / count, note: instance.sessionNote })}\n`,
  );
  held = [];
}
process.exit(0);
