import { describe, expect, it } from 'vitest';
import { browserTarget, bundleForBrowser, packageExports, sourceOf } from '../../scripts/browser-bundle.js';

describe('browser bundles', { timeout: 30_000 }, () => {
  it('the core entry bundles for the browser without any Node built-in, its dependencies included', async () => {
    const bundle = await bundleForBrowser('src/index.ts');
    expect(bundle.nodeBuiltins).toEqual([]);
    // The whole runtime is in it: the machine, the session, the SDK.
    expect(Object.keys(bundle.bytesByInput)).toEqual(expect.arrayContaining(['machines/lifecycle.ts', 'src/session/create-session.ts']));
    expect(Object.keys(bundle.bytesByInput).some((input) => input.startsWith('node_modules/openai/'))).toBe(true);
  });

  it('toolcycle/react bundles for the browser without any Node built-in, React included', async () => {
    const bundle = await bundleForBrowser('src/react/index.ts');
    expect(bundle.nodeBuiltins).toEqual([]);
    expect(Object.keys(bundle.bytesByInput).some((input) => input.startsWith('node_modules/@xstate/react/'))).toBe(true);
  });

  it('a planted Node built-in is caught, with the module that imports it, however it is written', async () => {
    const planted = await bundleForBrowser('planted.ts', {
      contents: "export * from './src/index.ts';\nimport 'node:fs';\nimport { join } from 'path';\nexport const where = join('a', 'b');",
    });
    expect(planted.nodeBuiltins).toEqual([
      { path: 'node:fs', importer: 'planted.ts' },
      { path: 'path', importer: 'planted.ts' },
    ]);
  });

  it('a Node built-in deep in the import graph is caught too (the offline model)', async () => {
    const bundle = await bundleForBrowser('src/offline-model/index.ts');
    expect(bundle.nodeBuiltins).toContainEqual({ path: 'node:http', importer: 'src/offline-model/server.ts' });
  });

  it('the exports map offers browser bundlers only the entries that bundle without Node, and marks the others "node"', async () => {
    const verdicts: Record<string, string> = {};
    for (const [subpath, conditions] of Object.entries(packageExports())) {
      // `./package.json` is data, not code.
      if (typeof conditions === 'string') continue;
      const browser = browserTarget(conditions);
      const node = typeof conditions.node === 'string' ? conditions.node : undefined;
      const source = sourceOf((browser ?? node)!);
      // DBOS is a server engine whose optional telemetry packages are not installed: left out, the
      // durable entry's own imports still show whether it needs Node.
      const builtins = (await bundleForBrowser(source, { external: browser ? [] : ['@dbos-inc/dbos-sdk'] })).nodeBuiltins;
      // A browser entry must bundle cleanly; a Node-only one must really need Node, or it should be offered.
      verdicts[subpath] = browser
        ? builtins.length === 0 ? 'browser' : `offered to browsers but imports ${builtins.map((found) => `${found.path} (${found.importer})`).join(', ')}`
        : builtins.length > 0 ? 'node' : 'marked node-only but bundles for the browser';
    }
    expect(verdicts).toEqual({
      '.': 'browser',
      './machine': 'browser',
      './react': 'browser',
      './tools': 'browser',
      './offline-model': 'node',
      './inspector': 'node',
      './stores': 'node',
      './mcp': 'node',
      './durable': 'node',
    });
  });
});
