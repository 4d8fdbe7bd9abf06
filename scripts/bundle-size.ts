/**
 * What toolcycle costs in a web app: its browser entries bundled and minified by esbuild, gzipped
 * at level 9. toolcycle's own code is measured with its dependencies left out, and each dependency
 * as what it adds on top. An app keeps every export (`export *`), so this is the most it ships.
 * Prints Markdown for bench/README.md.
 *
 * `npm run bundle-size`
 */
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleForBrowser, packageOf } from './browser-bundle.js';

interface AppShape {
  label: string;
  /** What the app imports, as an entry module resolved from the repository root. */
  contents: string;
  dependencies: readonly string[];
}

const CORE: AppShape = {
  label: '`toolcycle`',
  contents: "export * from './src/index.ts';",
  dependencies: ['xstate', 'openai', 'zod'],
};

const WITH_REACT: AppShape = {
  label: '`toolcycle` + `toolcycle/react`',
  contents: `${CORE.contents}\nexport * from './src/react/index.ts';`,
  dependencies: [...CORE.dependencies, 'react', '@xstate/react'],
};

export interface Size {
  min: number;
  gzip: number;
}

export interface ShapeSize {
  shape: AppShape;
  /** toolcycle's own modules, every dependency left out. */
  own: Size;
  /** What each dependency adds to `own`: the part of it the app reaches. */
  dependencies: Record<string, Size>;
  /** Everything, as the app ships it. */
  total: Size;
  /** Minified bytes of toolcycle's own modules, by folder. */
  ownByFolder: Record<string, number>;
}

function sizeOf(code: string): Size {
  return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

const difference = (a: Size, b: Size): Size => ({ min: a.min - b.min, gzip: a.gzip - b.gzip });

async function bundle(shape: AppShape, external: readonly string[]) {
  return bundleForBrowser('app.ts', { contents: shape.contents, external });
}

export async function measure(shape: AppShape): Promise<ShapeSize> {
  const own = await bundle(shape, shape.dependencies);
  const strays = Object.keys(own.bytesByInput).filter((input) => packageOf(input) !== null);
  if (strays.length > 0) throw new Error(`Left-out dependencies are still in the bundle: ${strays.join(', ')}`);
  const ownSize = sizeOf(own.code);
  const dependencies: Record<string, Size> = {};
  for (const dependency of shape.dependencies) {
    const withIt = await bundle(shape, shape.dependencies.filter((name) => name !== dependency));
    dependencies[dependency] = difference(sizeOf(withIt.code), ownSize);
  }
  const ownByFolder: Record<string, number> = {};
  for (const [input, bytes] of Object.entries(own.bytesByInput)) {
    if (bytes === 0) continue;
    const folder = `${dirname(input)}/`;
    ownByFolder[folder] = (ownByFolder[folder] ?? 0) + bytes;
  }
  return { shape, own: ownSize, dependencies, total: sizeOf((await bundle(shape, [])).code), ownByFolder };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const row = (label: string, size: Size) => `| ${label} | ${kb(size.min)} | ${kb(size.gzip)} |`;

export function sizeTable(core: ShapeSize, withReact: ShapeSize): string {
  return [
    '| Browser bundle (esbuild `--minify`, gzip -9) | min | min+gz |',
    '|---|---:|---:|',
    row(`**${core.shape.label}: toolcycle's own code**`, core.own),
    ...Object.entries(core.dependencies).map(([name, size]) => row(`+ \`${name}\` (the part toolcycle reaches)`, size)),
    row(`= ${core.shape.label} with its dependencies`, core.total),
    row('**`toolcycle/react` on top: the hook**', difference(withReact.own, core.own)),
    ...['react', '@xstate/react'].map((name) => row(`+ \`${name}\``, withReact.dependencies[name]!)),
    row(`= ${withReact.shape.label} with their dependencies`, withReact.total),
  ].join('\n');
}

export function folderTable(size: ShapeSize): string {
  const lines = [`| ${size.shape.label}: own code by folder | min |`, '|---|---:|'];
  for (const [folder, bytes] of Object.entries(size.ownByFolder).sort((a, b) => b[1] - a[1])) lines.push(`| \`${folder}\` | ${kb(bytes)} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const core = await measure(CORE);
  const withReact = await measure(WITH_REACT);
  process.stdout.write(`${sizeTable(core, withReact)}\n\n${folderTable(withReact)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
