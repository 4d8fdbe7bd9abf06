import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * toolcycle's version from its package.json. Looked up by walking up from this file rather than
 * imported: run from source (src/cli/) and built (dist/src/cli/), package.json is at another depth.
 */
export function packageVersion(): string {
  for (let directory = dirname(fileURLToPath(import.meta.url)); ; directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'toolcycle' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here, or not ours: keep going up.
    }
    if (dirname(directory) === directory) return 'unknown';
  }
}
