import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The project's layers and the only directions imports may point. The base (`src/conversation`)
 * depends on nothing of ours; the machine only on the base and xstate; the runners on the machine.
 */
export interface Layer {
  name: string;
  /** Paths from the repository root: folders, or single files. */
  paths: string[];
  /** Layers it may import from (its own always). */
  mayImport: string[];
  /** Outside packages it may import at run time; type-only imports of any package are fine. */
  packages: string[] | 'any';
}

export const LAYERS: Layer[] = [
  { name: 'base', paths: ['src/conversation'], mayImport: [], packages: [] },
  { name: 'tool definitions', paths: ['src/tool-definition'], mayImport: ['base'], packages: ['zod'] },
  { name: 'machine', paths: ['machines'], mayImport: ['base'], packages: ['xstate'] },
  { name: 'actors', paths: ['src/actors'], mayImport: ['base', 'tool definitions', 'machine'], packages: ['xstate'] },
  { name: 'trace', paths: ['src/trace'], mayImport: ['base', 'machine'], packages: [] },
  { name: 'session', paths: ['src/session'], mayImport: ['base', 'tool definitions', 'machine', 'actors'], packages: ['xstate', 'openai'] },
  { name: 'stores', paths: ['src/stores'], mayImport: ['base', 'session'], packages: 'any' },
  { name: 'public API', paths: ['src/index.ts'], mayImport: ['base', 'tool definitions', 'machine', 'actors', 'session', 'trace'], packages: [] },
  { name: 'bundled tools', paths: ['tools'], mayImport: ['public API'], packages: ['zod'] },
  { name: 'offline model', paths: ['src/offline-model'], mayImport: ['bundled tools'], packages: 'any' },
  { name: 'inspector', paths: ['src/inspector'], mayImport: ['base', 'machine', 'trace'], packages: 'any' },
  { name: 'mcp', paths: ['src/mcp'], mayImport: ['base', 'tool definitions'], packages: 'any' },
  { name: 'durable', paths: ['src/durable'], mayImport: ['base', 'tool definitions', 'machine', 'actors', 'session', 'trace', 'stores', 'public API', 'bundled tools'], packages: 'any' },
  { name: 'react', paths: ['src/react'], mayImport: ['base', 'machine', 'session', 'trace', 'public API'], packages: 'any' },
  {
    name: 'cli',
    paths: ['src/cli'],
    mayImport: ['base', 'tool definitions', 'machine', 'actors', 'session', 'trace', 'stores', 'public API', 'bundled tools', 'offline model', 'inspector', 'mcp', 'durable'],
    packages: 'any',
  },
];

export interface ImportFound {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

/** Every `import … from` / `export … from` / `import()` in a TypeScript source, with whether it is type-only. */
export function importsOf(file: string, source: string): ImportFound[] {
  const found: ImportFound[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(statement)) found.push({ file, specifier: match[3]!, typeOnly: match[2] !== undefined });
  for (const match of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push({ file, specifier: match[1]!, typeOnly: false });
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ file, specifier: match[1]!, typeOnly: false });
  return found;
}

export function layerOf(path: string): Layer | undefined {
  return LAYERS.find((layer) => layer.paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)));
}

/** Sentences, one per import that points the wrong way. */
export function layerViolations(root: string, files: { path: string; source: string }[]): string[] {
  const violations: string[] = [];
  for (const { path, source } of files) {
    const from = layerOf(path);
    if (!from) continue;
    for (const found of importsOf(path, source)) {
      if (found.specifier.startsWith('.')) {
        const target = relative(root, resolve(root, dirname(path), found.specifier)).replace(/\.js$/, '.ts');
        const to = layerOf(target);
        if (!to || to === from) continue;
        if (!from.mayImport.includes(to.name)) violations.push(`${path} (${from.name}) imports ${target} (${to.name})`);
      } else if (!found.typeOnly && from.packages !== 'any') {
        const name = found.specifier.startsWith('@') ? found.specifier.split('/').slice(0, 2).join('/') : found.specifier.split('/')[0]!;
        if (!from.packages.includes(name)) violations.push(`${path} (${from.name}) imports the package ${found.specifier} at run time`);
      }
    }
  }
  return violations;
}

export function sourceFiles(root: string, folders: string[]): { path: string; source: string }[] {
  const files: { path: string; source: string }[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(join(root, directory))) {
      const path = join(directory, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push({ path, source: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of folders) walk(folder);
  return files;
}
