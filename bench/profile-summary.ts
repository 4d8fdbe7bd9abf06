/** Summarises a .cpuprofile: self time by function and by package. `npx tsx bench/profile-summary.ts <file> [top]` */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Paths in the profile are file URLs of this checkout, wherever it is.
const checkout = fileURLToPath(new URL('../', import.meta.url));
const escaped = checkout.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const local = new RegExp(`^(?:file://)?${escaped}`);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg = "30"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  if (!url) return '(native)';
  const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const inCheckout = url.replace(local, '');
  return inCheckout !== url ? inCheckout.split('/')[0]! : url;
};
function shortUrl(url: string): string {
  return url.replace(local, '').replace(/^.*\/node_modules\//, '');
}
const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
  fns.set(fn, (fns.get(fn) ?? 0) + time);
  pkgs.set(where(url), (pkgs.get(where(url)) ?? 0) + time);
}
const pct = (time: number) => `${((time / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nby package/area:');
for (const [name, time] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(pct(time), name);
console.log('\nby function (self):');
for (const [name, time] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) console.log(pct(time), name);

// Inclusive (total) time of functions from the areas named in PROFILE_FOCUS (default: src, machines).
const focus = (process.env.PROFILE_FOCUS ?? 'src,machines').split(',');
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
    const { functionName, url, lineNumber } = byId.get(current)!.callFrame;
    if (!focus.includes(where(url))) continue;
    const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    if (seen.has(fn)) continue;
    seen.add(fn);
    inclusive.set(fn, (inclusive.get(fn) ?? 0) + time);
  }
}
console.log(`\ninclusive time, functions in ${focus.join(', ')}:`);
for (const [name, time] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) console.log(pct(time), name);
