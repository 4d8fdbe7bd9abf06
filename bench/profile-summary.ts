/**
 * Summarises a .cpuprofile of the main thread: self time by area and by function, and inclusive time
 * of toolcycle's own functions (PROFILE_FOCUS, default src,machines). Shares are of busy time.
 *
 *   npx tsx bench/profile-summary.ts <file> [top]
 */
import { readProfile, topEntries } from './profile-read.js';

const [file, topArg = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg);
const profile = readProfile(file);
const line = (time: number) => `${((time / profile.busyUs) * 100).toFixed(1).padStart(5)}% ${(time / 1000).toFixed(0).padStart(6)} ms`;
console.log(`${(profile.busyUs / 1000).toFixed(0)} ms busy sampled (idle left out); shares are of busy time`);
console.log('\nby package/area:');
for (const [name, time] of topEntries(profile.byArea, 15)) console.log(line(time), name);
console.log('\nby function (self):');
for (const [name, time] of topEntries(profile.byFunction, top)) console.log(line(time), name);
const focus = (process.env.PROFILE_FOCUS ?? 'src,machines').split(',');
console.log(`\ninclusive time, functions in ${focus.join(', ')}:`);
for (const [name, time] of topEntries(profile.inclusive(focus), top)) console.log(line(time), name);
