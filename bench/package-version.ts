import { readFileSync } from 'node:fs';

/** The installed version of an npm package (`..`: this checkout's own package.json), or 'unknown'. */
export function packageVersion(benchDirectory: string, name: string): string {
  const path = name === '..' ? `${benchDirectory}../package.json` : `${benchDirectory}../node_modules/${name}/package.json`;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
