import { readFileSync } from 'node:fs';
import { CHECKOUT } from './paths.js';

/** The installed version of an npm package (`..`: this checkout's own package.json), or 'unknown'. */
export function packageVersion(name: string): string {
  const path = name === '..' ? `${CHECKOUT}package.json` : `${CHECKOUT}node_modules/${name}/package.json`;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
