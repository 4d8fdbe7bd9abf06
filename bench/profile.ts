/**
 * Runs one contender on one scenario in a tight loop, for `node --cpu-prof`:
 *
 *   node --cpu-prof --cpu-prof-dir=bench/profiles --import tsx bench/profile.ts toolcycle direct 3000
 *   npx tsx bench/profile-summary.ts bench/profiles/<file>.cpuprofile
 */
import { findLoader } from './contenders/index.js';
import { SCENARIOS, executions, verifyTurn, type ScenarioId } from './scenarios.js';
import { startBenchServer } from './server.js';

const [name = 'toolcycle', scenarioId = 'direct', turnsArg = '2000'] = process.argv.slice(2);
const loader = findLoader(name);
const scenario = SCENARIOS[scenarioId as ScenarioId];
if (!loader || !scenario) throw new Error(`usage: profile.ts <contender> <scenario> [turns]`);
const contender = await loader.load();

const server = await startBenchServer();
const instance = await contender.create(server.baseURL);
const turns = Number(turnsArg);
const started = performance.now();
const serverBefore = server.stats.totalMs;
for (let i = 0; i < turns; i += 1) {
  const before = executions.count;
  verifyTurn(scenario, contender.name, await instance.turn(scenario), executions.count - before);
}
const elapsed = performance.now() - started;
const serverMs = server.stats.totalMs - serverBefore;
process.stderr.write(
  `${contender.name}/${scenario.id}: ${turns} turns, ${((elapsed / turns) * 1000).toFixed(0)} µs/turn, ` +
    `${(((elapsed - serverMs) / turns) * 1000).toFixed(0)} µs client overhead/turn\n`,
);
await server.close();
