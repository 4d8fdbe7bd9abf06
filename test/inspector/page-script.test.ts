import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildPageScriptModule, PAGE_SCRIPT_MODULE } from '../../scripts/build-inspector-page.js';

describe('the inspector page script', () => {
  it('the committed bundle is what its TypeScript sources build to (run `npx tsx scripts/build-inspector-page.ts` if not)', async () => {
    const committed = await readFile(new URL(`../../${PAGE_SCRIPT_MODULE}`, import.meta.url), 'utf8').catch(() => '(missing)');
    expect(committed, `${PAGE_SCRIPT_MODULE} is stale`).toBe(await buildPageScriptModule());
  });
});
