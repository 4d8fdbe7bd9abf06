import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startOfflineModel, type ScriptedReply } from '../../src/offline-model/index.js';

const root = resolve(import.meta.dirname, '../..');
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
const workDir = join(root, 'test/artifacts/readme');

/** Writes a README example as written, with `toolcycle` resolved to this checkout's source. */
function writeExample(index: number): string {
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, `example-${index}.ts`);
  const source = blocks[index]!
    .replaceAll("from 'toolcycle/tools'", `from '${join(root, 'tools/index.js')}'`)
    .replaceAll("from 'toolcycle/inspector'", `from '${join(root, 'src/inspector/index.js')}'`)
    .replaceAll("from 'toolcycle'", `from '${join(root, 'src/index.js')}'`);
  writeFileSync(file, source);
  return file;
}

async function runExample(index: number, script?: ScriptedReply[]) {
  const server = await startOfflineModel(script ? { script } : {});
  try {
    const file = writeExample(index);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'readme-test', TOOLCYCLE_MODEL: 'toolcycle-offline' },
    });
    return { stdout, requests: server.requests };
  } finally {
    await server.close();
  }
}

describe('README examples run as written', { timeout: 30_000 }, () => {
  it('has the four examples this suite knows how to check', () => {
    expect(blocks).toHaveLength(4);
  });

  it('every example type-checks under the project settings (strict)', async () => {
    const files = blocks.map((_, index) => writeExample(index));
    const config = join(workDir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { noEmit: true }, files, include: [], exclude: [] }));
    const result = await promisify(execFile)(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config]).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('embedding: a session with a zod tool answers with two parallel calls', async () => {
    const { stdout, requests } = await runExample(0);
    expect(stdout).toContain('[offline demo model]');
    expect(stdout.match(/^call_\S+ get_weather \{ city: '(Paris|Tokyo)' \}/gm)).toHaveLength(2);
    expect(stdout).toContain('1 step(s)');
    expect(stdout).toMatch(/stopped: stop/);
    expect(requests[0]!.body.tools?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather', strict: true } });
  });

  it('errors: an ApiRequestError after the SDK retry, then session.retry()', async () => {
    const { stdout, requests } = await runExample(1, [
      { error: { status: 500, message: 'upstream down' } },
      { error: { status: 500, message: 'upstream down' } },
      { content: 'Hello after the retry.' },
    ]);
    expect(stdout).toMatch(/HTTP 500 while decide: .*upstream down/);
    expect(stdout).toContain('Hello after the retry.');
    expect(requests).toHaveLength(3);
  });

  it('the machine: createActor with an inspector walks the states to idle', async () => {
    const { stdout } = await runExample(2);
    const states = stdout.split('\n').filter((line) => line.startsWith('state ')).map((line) => line.slice(6));
    expect(states).toEqual(['"idle"', '"deciding"', '{"calling":"checking"}', '{"executing":"single"}', '"responding"', '"idle"']);
    expect(stdout).toContain('event user.message');
    expect(stdout).toContain('event tool.settled');
    expect(stdout).toMatch(/content: '\[offline demo model\].*42/);
  });

  it('the inspector: a session reports to a local inspector page, which then closes cleanly', async () => {
    const { stdout } = await runExample(3);
    expect(stdout).toMatch(/^Inspector: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(stdout).toMatch(/^\d+ timeline entries$/m);
    expect(Number(/^(\d+) timeline entries$/m.exec(stdout)![1])).toBeGreaterThan(4);
  });
});
