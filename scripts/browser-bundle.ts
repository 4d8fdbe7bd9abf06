/**
 * Bundles an entry point the way a web app's bundler would (esbuild, platform `browser`) and
 * reports every Node built-in it reaches, with the module that imports it. Used by the browser
 * bundle test (which fails on any) and by `npm run bundle-size`.
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NodeBuiltinImport {
  /** As written: `node:fs`, `fs`, `node:http`… */
  path: string;
  /** The importing module, relative to the repository root. */
  importer: string;
}

export interface BrowserBundle {
  code: string;
  nodeBuiltins: NodeBuiltinImport[];
  /** Minified bytes each input module contributes, by path relative to the repository root. */
  bytesByInput: Record<string, number>;
}

export interface BrowserBundleOptions {
  /** Packages left out of the bundle (with their subpaths), to measure what is left. */
  external?: readonly string[];
  minify?: boolean;
  /** Source to bundle instead of a file (resolved from the repository root): for planting an import. */
  contents?: string;
}

/**
 * Intercepts built-ins before esbuild resolves them: esbuild's own error names only the first, and
 * a `browser` field or a polyfill plugin in an app's build could hide them; here every one is listed.
 */
function recordNodeBuiltins(found: NodeBuiltinImport[]): Plugin {
  return {
    name: 'record-node-builtins',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        found.push({ path: args.path, importer: relativeToRoot(args.importer) });
        return { path: args.path, external: true };
      });
    },
  };
}

export async function bundleForBrowser(entry: string, options: BrowserBundleOptions = {}): Promise<BrowserBundle> {
  const nodeBuiltins: NodeBuiltinImport[] = [];
  const result = await build({
    absWorkingDir: ROOT,
    ...(options.contents === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents: options.contents, resolveDir: ROOT, sourcefile: entry, loader: 'ts' } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    external: [...(options.external ?? [])],
    // What an app's production build sets; React ships its development build otherwise.
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [recordNodeBuiltins(nodeBuiltins)],
  });
  return { code: result.outputFiles[0]!.text, nodeBuiltins, bytesByInput: bytesByInput(result.metafile) };
}

function bytesByInput(metafile: Metafile): Record<string, number> {
  const output = Object.values(metafile.outputs)[0];
  const bytes: Record<string, number> = {};
  for (const [path, input] of Object.entries(output?.inputs ?? {})) bytes[path] = input.bytesInOutput;
  return bytes;
}

function relativeToRoot(path: string): string {
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** `node_modules/@xstate/react/dist/…` → `@xstate/react`; null for the repository's own modules. */
export function packageOf(inputPath: string): string | null {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath);
  return match ? match[1]! : null;
}

/** An `exports` entry: a target, or conditions leading to one. */
export type ExportConditions = { [condition: string]: string | ExportConditions };

/** The package's `exports` map, by subpath (`.`, `./react`…). */
export function packageExports(): Record<string, ExportConditions | string> {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, ExportConditions | string> }).exports;
}

/** The target a browser bundler picks (esbuild's conditions for platform `browser`, first match wins); undefined for a Node-only entry. */
export function browserTarget(conditions: ExportConditions): string | undefined {
  for (const [condition, target] of Object.entries(conditions)) {
    if (!['browser', 'import', 'module', 'default'].includes(condition)) continue;
    return typeof target === 'string' ? target : browserTarget(target);
  }
  return undefined;
}

/** `./dist/src/index.js` → `src/index.ts`: the source a published entry is built from. */
export function sourceOf(target: string): string {
  return target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
}
