/**
 * Bundles the inspector page's script (src/inspector/page/script/, typed TypeScript) with esbuild
 * into a committed module that exports it as a string: the server serves it as `/app.js`, and
 * `dist` ships it without esbuild.
 *
 * `npx tsx scripts/build-inspector-page.ts` writes the module; `--check` writes nothing and exits 1
 * when the committed module is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE_SCRIPT_ENTRY = 'src/inspector/page/script/main.ts';
export const PAGE_SCRIPT_MODULE = 'src/inspector/page/page-script.generated.ts';
const HEADER = `Generated from ${PAGE_SCRIPT_ENTRY} by \`npx tsx scripts/build-inspector-page.ts\`. Do not edit by hand.`;

/** The module's exact text: the same sources give the same bytes on every machine. */
export async function buildPageScriptModule(): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [PAGE_SCRIPT_ENTRY],
    tsconfig: 'tsconfig.inspector-page.json',
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Readable on purpose: the page's source is what a curious user debugs in the browser.
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]!.text;
  // JSON.stringify makes a valid string literal; `prettier-ignore` keeps a formatter from requoting it.
  return `// ${HEADER}\n/** The inspector page's script, served as \`/app.js\`. */\n// prettier-ignore\nexport const PAGE_SCRIPT = ${JSON.stringify(script)};\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const target = `${ROOT}${PAGE_SCRIPT_MODULE}`;
  const content = await buildPageScriptModule();
  const committed = await readFile(target, 'utf8').catch(() => undefined);
  if (argv.includes('--check')) {
    if (committed === content) return 0;
    process.stderr.write(`${PAGE_SCRIPT_MODULE} is stale: run \`npx tsx scripts/build-inspector-page.ts\`.\n`);
    return 1;
  }
  if (committed !== content) await writeFile(target, content);
  process.stdout.write(committed === content ? `${PAGE_SCRIPT_MODULE} is up to date.\n` : `Wrote ${PAGE_SCRIPT_MODULE}\n`);
  return 0;
}

// Run as a script, not when a test imports `buildPageScriptModule`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main(process.argv.slice(2));
