import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The package as npm publishes it, installed in a scratch app and used the way a user would: plain
 * Node, no tsx, only the entry points `exports` names.
 */
describe('the published package', { timeout: 120_000 }, () => {
  let app: string;
  let files: string[];

  beforeAll(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'toolcycle-pack-'));
    // --ignore-scripts: the build runs here, once, instead of in prepack.
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: root });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((file) => file.path);
    app = join(scratch, 'app');
    const installed = join(app, 'node_modules', 'toolcycle');
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', join(scratch, packed!.filename), '-C', installed, '--strip-components', '1']);
    // The app's own dependencies: this checkout's copies stand in for a registry install.
    for (const name of ['openai', 'xstate', 'zod']) symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', type: 'module', private: true }));
  });

  it('ships the compiled code, its types, the LICENSE, and source maps that carry their sources', () => {
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    const maps = files.filter((path) => path.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(20);
    for (const path of maps) {
      const map = JSON.parse(readFileSync(join(app, 'node_modules', 'toolcycle', path), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      expect(map.sourcesContent?.length, path).toBe(map.sources.length);
    }
    expect(readdirSync(join(app, 'node_modules', 'toolcycle'))).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'dist', 'package.json']));
  });

  it('a scratch app runs a turn offline through every public entry point, with no API key', async () => {
    writeFileSync(
      join(app, 'main.js'),
      `import OpenAI from 'openai';
import { createSession, ApiRequestError } from 'toolcycle';
import { lifecycleMachine, STATES } from 'toolcycle/machine';
import { startOfflineModel } from 'toolcycle/offline-model';
import { bundledTools } from 'toolcycle/tools';
import { createFileStore } from 'toolcycle/stores';
import { startInspector } from 'toolcycle/inspector';
const model = await startOfflineModel();
const session = createSession({ client: new OpenAI({ baseURL: model.baseURL, apiKey: 'offline' }), model: 'toolcycle-offline', tools: bundledTools });
const result = await session.ask('What is 6*7?');
console.log(JSON.stringify({ content: result.content, steps: result.steps, machine: lifecycleMachine.id, idle: STATES.idle, store: typeof createFileStore, inspector: typeof startInspector, error: typeof ApiRequestError }));
session.stop();
await model.close();
`,
    );
    const { stdout } = await run(process.execPath, ['main.js'], { cwd: app, env: { PATH: process.env.PATH ?? '' } });
    const printed = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(printed).toMatchObject({ steps: 1, machine: 'lifecycle', idle: 'idle', store: 'function', inspector: 'function', error: 'function' });
    expect(String(printed.content)).toContain('42');
  });

  it('the bin runs from the package', async () => {
    const { stdout } = await run(process.execPath, [join(app, 'node_modules', 'toolcycle', 'dist', 'src', 'cli', 'main.js'), '--help'], { cwd: app });
    expect(stdout).toMatch(/^Usage: toolcycle/);
  });
});
