/**
 * Child-process entry (run with --expose-gc): heap bytes per session, for each contender named on
 * the command line, one after the other. `idle`: sessions created and left alone. `parked`: each
 * session in the middle of a turn, waiting inside a tool call that has not resolved (the model was
 * asked, its tool call started; the bench server runs in a worker of this process, outside this
 * isolate's heap). Sessions are added in `batches`; each batch's `heapUsed` growth after forced
 * full GCs, per session, is one measurement. Lazy code and caches are warmed first, so they are
 * not charged to sessions. Prints one JSON line per contender.
 *
 *   node --expose-gc bench/.build/bench/heap.js <idle|parked> <sessions> <batches> <warm-up sessions> <contender name>...
 *   (heap-children.ts starts it; from source: node --expose-gc --import tsx bench/heap.ts …)
 */
import { findLoader } from './contenders/index.js';
import type { ContenderInstance } from './contenders/types.js';
import { parkingLot } from './parking-lot.js';
import { SCENARIOS, verifyAnswer } from './scenarios.js';
import { startBenchServer, type BenchServer } from './server.js';
import { spread } from './stats.js';

const [mode, sessionsArg, batchesArg, warmupArg, ...names] = process.argv.slice(2);
if (mode !== 'idle' && mode !== 'parked') throw new Error('usage: heap.ts <idle|parked> <sessions> <batches> <warm-up sessions> <contender>...');
const warmup = Number(warmupArg);
const batches = Number(batchesArg);
const perBatch = Math.floor(Number(sessionsArg) / batches);
if (!(batches >= 1 && perBatch >= 1 && warmup >= 0) || names.length === 0) throw new Error('heap.ts: sessions ≥ batches ≥ 1, warm-up ≥ 0 and at least one contender');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const settle = async () => {
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

interface Held {
  session: unknown;
  /** A parked session's turn, answered once the lot is released. */
  answer?: Promise<string | null | undefined>;
  close?(): void;
}

const SCENARIO = SCENARIOS.parked;
const PARKING_LANES = 8;

/**
 * `count` sessions in the middle of a turn, each waiting in its tool call. Parked `PARKING_LANES` at
 * a time: the HTTP pool holds that many sockets, as it already did after the warm-up (same lanes),
 * so the pool's size does not change while sessions are counted.
 */
async function parkMany(instance: ContenderInstance, count: number): Promise<Held[]> {
  const held: Held[] = [];
  for (let start = 0; start < count; start += PARKING_LANES) {
    const lanes = Math.min(PARKING_LANES, count - start);
    const target = parkingLot.parked + lanes;
    const answers: Promise<unknown>[] = [];
    for (let lane = 0; lane < lanes; lane += 1) {
      const conversation = instance.conversation(SCENARIO);
      const answer = conversation.turn();
      answers.push(answer);
      held.push({ session: conversation, answer, close: () => conversation.close() });
    }
    // A turn can only end after its release: one that ends (or fails) first never parked.
    const endedEarly = Promise.race(answers).then(
      () => Promise.reject(new Error('a turn ended without parking in its tool call')),
      (error: unknown) => Promise.reject(error),
    );
    await Promise.race([parkingLot.whenParked(target), endedEarly]);
  }
  return held;
}

async function releaseAll(held: readonly Held[], contender: string): Promise<void> {
  parkingLot.releaseAll();
  for (const entry of held) {
    if (entry.answer) verifyAnswer(SCENARIO, contender, await entry.answer);
    entry.close?.();
  }
}

let server: BenchServer | undefined;
if (mode === 'parked') server = await startBenchServer();

for (const name of names) {
  const loader = findLoader(name);
  if (!loader) throw new Error(`Unknown contender "${name}"`);
  const contender = await loader.load();
  // Idle: nothing listens at the address; creating a session must not contact the server.
  const instance = await contender.create(server?.baseURL ?? 'http://127.0.0.1:9/v1');
  const make = (count: number): Promise<Held[]> =>
    mode === 'idle' ? Promise.resolve(Array.from({ length: count }, () => ({ session: instance.idleSession() }))) : parkMany(instance, count);

  // Released a lane's worth at a time: a burst of released turns would grow the HTTP pool.
  for (let done = 0; done < warmup; done += PARKING_LANES) await releaseAll(await make(PARKING_LANES), contender.name);

  const held: Held[] = [];
  const bytesPerSession: number[] = [];
  let before = await settle();
  for (let batch = 0; batch < batches; batch += 1) {
    held.push(...(await make(perBatch)));
    const after = await settle();
    bytesPerSession.push((after - before) / perBatch);
    before = after;
  }
  if (mode === 'parked' && parkingLot.parked !== held.length) throw new Error(`${contender.name}: ${parkingLot.parked} of ${held.length} turns parked`);
  await releaseAll(held, contender.name);
  process.stdout.write(
    `${JSON.stringify({ contender: contender.name, mode, sessions: held.length, bytesPerSession: spread(bytesPerSession), note: instance.sessionNote })}\n`,
  );
}
await server?.close();
process.exit(0);
