/**
 * Runs one contender on one block of the bench in a tight loop, for `node --cpu-prof`. Blocks are
 * the bench's own (cells.ts): fresh:<scenario>, long-lived:<scenario>, streaming:<scenario>;
 * history:<size> (a conversation with that many prior messages, created anew every 10 turns rather
 * than before each turn as the bench does untimed, so the setup weighs little in the profile: its
 * share is createSession's inclusive time);
 * concurrent:<sessions> (rounds of one-tool turns on that many sessions at once); and multi-turn
 * (one conversation of [turns] turns).
 *
 *   npx tsx bench/build.ts      # profile the compiled code, as the bench measures it
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.build/bench/profile.js toolcycle fresh:one_tool 3000
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.build/bench/profile.js "toolcycle stream()" streaming:stream_one_tool 2000
 *   npx tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile
 */
import { planBlocks } from './cells.js';
import { findLoader } from './contenders/index.js';
import { HISTORY_SIZES, priorHistory } from './history.js';
import { measureTurn } from './measure-turn.js';
import { SCENARIOS, STREAM_SCENARIOS, TURN_SCENARIOS, verifyAnswer } from './scenarios.js';
import { startBenchServer } from './server.js';

const [cellName = 'toolcycle', blockId = 'fresh:direct', turnsArg = '2000'] = process.argv.slice(2);
const turns = Number(turnsArg);
// A streamed row's name ("toolcycle stream()", "AI SDK streamText") starts with words of its contender's.
const words = cellName.split(' ');
const loader = words.map((_, index) => findLoader(words.slice(0, words.length - index).join(' '))).find(Boolean);
if (!loader || !Number.isInteger(turns) || turns <= 0) throw new Error('usage: profile.ts <contender> <block> [turns]');
const contender = await loader.load();
const server = await startBenchServer();
const instance = await contender.create(server.baseURL);
const [kind, parameter = ''] = blockId.split(':');
const started = performance.now();
let cpuUs = 0;

if (kind === 'concurrent') {
  const sessions = Number(parameter);
  const conversations = Array.from({ length: sessions }, () => instance.conversation(SCENARIOS.one_tool));
  const cpu = process.cpuUsage();
  for (let done = 0; done < turns; done += sessions) {
    await Promise.all(conversations.map(async (conversation) => verifyAnswer(SCENARIOS.one_tool, contender.name, await conversation.turn())));
  }
  const used = process.cpuUsage(cpu);
  cpuUs = (used.user + used.system) / turns;
} else if (kind === 'multi-turn' || kind === 'history') {
  const history = kind === 'history' ? priorHistory(Number(parameter)) : undefined;
  const renewEvery = history ? 10 : Infinity;
  let conversation = instance.conversation(SCENARIOS.one_tool, history);
  for (let turn = 0; turn < turns; turn += 1) {
    if (turn > 0 && turn % renewEvery === 0) {
      conversation.close();
      conversation = instance.conversation(SCENARIOS.one_tool, history);
    }
    const current = conversation;
    cpuUs += (await measureTurn(server, contender.name, SCENARIOS.one_tool, () => current.turn())).cpuUs / turns;
  }
} else {
  const blocks = planBlocks([{ contender, instance }], {
    scenarios: TURN_SCENARIOS,
    streamScenarios: STREAM_SCENARIOS,
    historySizes: HISTORY_SIZES,
    historyBatch: 1,
    longLivedTurns: 10,
  });
  const block = blocks.find((candidate) => candidate.id === blockId);
  // The block holds this contender's cells only: the row named, or its first (the contender's own name).
  const cell = block?.cells.find((candidate) => candidate.name.toLowerCase() === cellName.toLowerCase()) ?? block?.cells[0];
  if (!block || !cell) throw new Error(`${contender.name} has no cell in block "${blockId}"; blocks: ${blocks.map((candidate) => candidate.id).join(', ')}, concurrent:<n>, multi-turn`);
  for (let turn = 0; turn < turns; turn += 1) {
    const prepared = cell.next();
    cpuUs += (await measureTurn(server, cell.name, block.scenario, prepared.run)).cpuUs / turns;
    prepared.after?.();
  }
  cell.dispose();
}
process.stderr.write(`${cellName} ${blockId}: ${turns} turns in ${((performance.now() - started) / 1000).toFixed(1)} s, ${cpuUs.toFixed(0)} µs client CPU per turn\n`);
await server.close();
