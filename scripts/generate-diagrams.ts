/**
 * `npm run diagrams`: writes every file derived from the lifecycle machine.
 * `--check` writes nothing and exits 1 listing the files that differ from what the machine generates.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateDiagramFiles } from './diagram-files.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const files = await generateDiagramFiles();
  const stale: string[] = [];
  for (const file of files) {
    const target = `${root}${file.path}`;
    if ((await readOrUndefined(target)) === file.content) continue;
    stale.push(file.path);
    if (!check) await writeFile(target, file.content);
  }
  if (check) {
    if (stale.length === 0) return 0;
    process.stderr.write(`Stale diagram files (run \`npm run diagrams\`):\n${stale.map((path) => `  ${path}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(stale.length === 0 ? 'Diagrams are up to date.\n' : `Wrote ${stale.join(', ')}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
