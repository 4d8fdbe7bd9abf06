/** Reads a .cpuprofile into self time by function and by area (package, node: module, or folder of this checkout). */
import { readFileSync } from 'node:fs';
import { BUILD_DIR, CHECKOUT } from './paths.js';

// Paths in the profile are file URLs of this checkout (or of its build in bench/.build), wherever it is.
const escape = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const local = new RegExp(`^(?:file://)?(?:${escape(BUILD_DIR)}|${escape(CHECKOUT)})`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface ProfileTimes {
  /** µs sampled outside `(idle)`: the main thread idles while the server (another thread) answers. */
  busyUs: number;
  byArea: Map<string, number>;
  byFunction: Map<string, number>;
  /** Inclusive µs of the functions in `areas`. */
  inclusive(areas: readonly string[]): Map<string, number>;
}

export function areaOf(url: string): string {
  if (!url) return '(native)';
  const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const inCheckout = url.replace(local, '');
  return inCheckout !== url ? inCheckout.split('/')[0]! : url;
}

function functionLabel({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const path = url.replace(local, '').replace(/^.*\/node_modules\//, '');
  // tsx compiles this checkout's TypeScript to single-line modules (minifyWhitespace): a line 1 there says nothing.
  const line = lineNumber > 0 ? `:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${path}${line}`;
}

export function readProfile(file: string): ProfileTimes {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    if (byId.get(id)?.callFrame.functionName !== '(idle)') self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const add = (map: Map<string, number>, key: string, time: number) => map.set(key, (map.get(key) ?? 0) + time);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = byId.get(id)!.callFrame;
    add(byArea, areaOf(frame.url), time);
    add(byFunction, functionLabel(frame), time);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return {
    busyUs: [...self.values()].reduce((total, time) => total + time, 0),
    byArea,
    byFunction,
    inclusive(areas) {
      const inclusive = new Map<string, number>();
      for (const [id, time] of self) {
        const seen = new Set<string>();
        for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
          const frame = byId.get(current)!.callFrame;
          const label = functionLabel(frame);
          if (!areas.includes(areaOf(frame.url)) || seen.has(label)) continue;
          seen.add(label);
          add(inclusive, label, time);
        }
      }
      return inclusive;
    },
  };
}

export const topEntries = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
