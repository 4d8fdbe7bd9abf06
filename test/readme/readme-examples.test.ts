import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startOfflineModel, type ScriptedReply } from '../../src/offline-model/index.js';
import { startCliWorker } from '../support/cli-worker.js';
import { postgresUrl } from '../support/postgres.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** Each example is a ```ts block right after an `<!-- example: name -->` marker. */
const examples = new Map([...readme.matchAll(/<!-- example: ([a-z-]+) -->\s*```ts\n([\s\S]*?)```/g)].map((match) => [match[1]!, match[2]!]));
const workDir = join(root, 'test/artifacts/readme');

/** Writes a README example as written, with `toolcycle/…` resolved to this checkout's source. */
function writeExample(name: string): string {
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, `${name}.ts`);
  const entry = (subpath: string) => join(root, subpath);
  const source = examples
    .get(name)!
    .replaceAll("from 'toolcycle/tools'", `from '${entry('tools/index.js')}'`)
    .replaceAll("from 'toolcycle/inspector'", `from '${entry('src/inspector/index.js')}'`)
    .replaceAll("from 'toolcycle/offline-model'", `from '${entry('src/offline-model/index.js')}'`)
    .replaceAll("from 'toolcycle/stores'", `from '${entry('src/stores/index.js')}'`)
    .replaceAll("from 'toolcycle/mcp'", `from '${entry('src/mcp/index.js')}'`)
    .replaceAll("from 'toolcycle/durable'", `from '${entry('src/durable/index.js')}'`)
    .replaceAll("from 'toolcycle/machine'", `from '${entry('machines/index.js')}'`)
    .replaceAll("from 'toolcycle'", `from '${entry('src/index.js')}'`);
  writeFileSync(file, source);
  return file;
}

/** Runs an example as a user would: only PATH, unless the example says it reads the environment. */
async function runExample(name: string, env: Record<string, string> = {}) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', writeExample(name)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return stdout;
}

/** For the examples written for the real API (`new OpenAI()` reads OPENAI_BASE_URL): a scripted server stands in. */
async function withScriptedApi(script: ScriptedReply[], run: (env: Record<string, string>) => Promise<string>) {
  const server = await startOfflineModel({ script });
  try {
    return { stdout: await run({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'readme-test', TOOLCYCLE_MODEL: 'scripted' }), requests: server.requests };
  } finally {
    await server.close();
  }
}

describe('README examples run as written', { timeout: 60_000 }, () => {
  it('has every example this suite checks, and no other', () => {
    expect([...examples.keys()].sort()).toEqual(['approval', 'durable', 'embedding', 'errors', 'inspector', 'machine', 'mcp', 'responses', 'stores', 'streaming'].sort());
  });

  it('every example type-checks under the project settings (strict)', async () => {
    const files = [...examples.keys()].map(writeExample);
    const config = join(workDir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { noEmit: true }, files, include: [], exclude: [] }));
    const result = await promisify(execFile)(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config]).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('embedding: runs offline with no key, two parallel calls to the zod tool', async () => {
    const stdout = await runExample('embedding');
    expect(stdout).toContain('[offline demo model]');
    expect(stdout.match(/^call_\S+ get_weather \{ city: '(Paris|Tokyo)' \}/gm)).toHaveLength(2);
    expect(stdout).toMatch(/1 step\(s\), \d+ tokens, stopped: stop/);
  });

  it('streaming: prints the answer as it streams, each call as it starts and settles', async () => {
    const stdout = await runExample('streaming');
    expect(stdout).toMatch(/→ get_time\n/);
    expect(stdout).toMatch(/→ calculate\n/);
    expect(stdout).toMatch(/← calculate in [\d.]+ ms/);
    expect(stdout).toContain('1024');
    expect(stdout).toMatch(/2 calls, stopped: stop/);
  });

  it('approval: stops for approval, then runs the edited call', async () => {
    const stdout = await runExample('approval');
    expect(stdout).toMatch(/^approval_required \[/m);
    expect(stdout).toContain("name: 'send_email'");
    expect(stdout).toContain('Sent to Grace instead, as you asked.');
    expect(stdout).toContain("to: 'grace@example.com'");
  });

  it('stores: the second session continues the first from the file store', async () => {
    const stdout = await runExample('stores');
    // user, call, result, answer; then user, call, result, answer.
    expect(stdout).toMatch(/^8 messages; \[offline demo model\] Time in Paris/m);
  });

  it('errors: a connection error is an ApiRequestError without an HTTP status', async () => {
    const stdout = await runExample('errors');
    expect(stdout).toMatch(/^no HTTP response \(connection_error\) while deciding: /m);
    expect(stdout).not.toContain('undefined');
  });

  it('responses: the same turn over the Responses API, stateless and with server state', async () => {
    const stdout = await runExample('responses');
    expect(stdout).toMatch(/^stateless · get_weather, get_weather · store: false · whole conversation$/m);
    expect(stdout).toMatch(/^server state · get_weather, get_weather · store: true · after previous_response_id$/m);
  });

  const postgres = postgresUrl();
  it.skipIf(postgres.skip !== undefined)(`durable: a turn run by a real toolcycle worker, approved from the example${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, async () => {
    const model = await startOfflineModel();
    const notes = mkdtempSync(join(tmpdir(), 'toolcycle-readme-notes-'));
    const worker = await startCliWorker({ databaseUrl: postgres.url!, workerId: `readme-${crypto.randomUUID().slice(0, 8)}`, baseURL: model.baseURL, tmpdir: notes });
    try {
      const stdout = await runExample('durable', { TOOLCYCLE_DATABASE_URL: postgres.url!, TOOLCYCLE_MODEL: 'toolcycle-offline' });
      expect(stdout).toContain('Saved the note "call the bank"');
      expect(stdout).toMatch(/^\d+ messages after turn \d+$/m);
      expect(readFileSync(join(notes, 'toolcycle', 'notes.txt'), 'utf8')).toContain('call the bank\n');
    } finally {
      await worker.stop();
      await model.close();
      rmSync(notes, { recursive: true, force: true });
    }
  });

  it('mcp: the bundled notes server through mcpTools, on a scripted stand-in for the API', async () => {
    const { stdout, requests } = await withScriptedApi(
      [
        { toolCalls: [{ id: 'call_1', name: 'notes_add_note', arguments: { title: 'groceries', text: 'milk and eggs' } }] },
        { toolCalls: [{ id: 'call_2', name: 'notes_list_notes', arguments: {} }] },
        { content: 'You have one note: groceries (milk and eggs).' },
      ],
      (env) => runExample('mcp', env),
    );
    expect(stdout).toContain('You have one note: groceries (milk and eggs).');
    expect(stdout).toMatch(/^notes_add_note /m);
    expect(stdout).toMatch(/^notes_list_notes .*groceries/m);
    expect(stdout).toMatch(/^notes_add_note \w+ strict$/m);
    expect(requests[0]!.body.tools?.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type))).toEqual(
      expect.arrayContaining(['notes_add_note', 'notes_list_notes', 'notes_search', 'notes_delete_note']),
    );
  });

  it('the machine: createActor with an inspector walks the states to idle', async () => {
    const stdout = await runExample('machine');
    const states = stdout.split('\n').filter((line) => line.startsWith('state ')).map((line) => line.slice(6));
    expect(states).toEqual(['"idle"', '"deciding"', '{"calling":"checking"}', '{"executing":"single"}', '"responding"', '"idle"']);
    expect(stdout).toContain('event user.message');
    expect(stdout).toContain('event tool.settled');
    expect(stdout).toMatch(/content: '\[offline demo model\].*42/);
  });

  it('the inspector: a session reports to a local inspector page, which then closes cleanly', async () => {
    const stdout = await runExample('inspector');
    expect(stdout).toMatch(/^Inspector: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(Number(/^(\d+) timeline entries$/m.exec(stdout)![1])).toBeGreaterThan(4);
  });
});
