/**
 * Where one contender's extra CPU goes, per turn: two main-thread profiles of the same block and
 * the same number of turns (bench/profile.ts), self time by area and by function, the first minus
 * the second, divided by the turns.
 *
 *   npx tsx bench/profile-diff.ts <toolcycle.cpuprofile> <plain.cpuprofile> <turns> [top]
 */
import { readProfile, topEntries } from './profile-read.js';

const [oursFile, baselineFile, turnsArg, topArg = '15'] = process.argv.slice(2);
const turns = Number(turnsArg);
if (!oursFile || !baselineFile || !(turns > 0)) throw new Error('usage: profile-diff.ts <profile> <baseline profile> <turns> [top]');
const ours = readProfile(oursFile);
const baseline = readProfile(baselineFile);
const perTurn = (us: number) => `${(us / turns).toFixed(0).padStart(6)} µs`;

const difference = (a: Map<string, number>, b: Map<string, number>) =>
  new Map([...new Set([...a.keys(), ...b.keys()])].map((key) => [key, (a.get(key) ?? 0) - (b.get(key) ?? 0)]));

console.log(`busy per turn: ${perTurn(ours.busyUs)} vs ${perTurn(baseline.busyUs)} → extra ${perTurn(ours.busyUs - baseline.busyUs)}`);
console.log('\nextra by area (self time, per turn):');
for (const [name, time] of topEntries(difference(ours.byArea, baseline.byArea), 10)) console.log(perTurn(time), name);
console.log('\nextra by function (self time, per turn):');
for (const [name, time] of topEntries(difference(ours.byFunction, baseline.byFunction), Number(topArg))) console.log(perTurn(time), name);
