import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/browser-bundle.js';

/**
 * The browser pages (TSX, DOM types, no Node types) have their own configs, which the root
 * type-check leaves out, as it leaves out the inspector's page script.
 */
const PAGE_CONFIGS = ['examples/web-chat/tsconfig.json', 'test/react/page/tsconfig.json'];

describe('browser page code type-checks (strict, DOM, no Node types)', { timeout: 60_000 }, () => {
  it.each(PAGE_CONFIGS)('%s', async (config) => {
    const result = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, config)]).then(
      () => '',
      (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
    );
    expect(result).toBe('');
  });
});
