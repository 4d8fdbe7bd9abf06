import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/postgres.js';
import { scriptedModel } from '../support/scripted-model.js';
import { runCli, startCli, tempFolder } from './support/cli-process.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The user messages stored in a file-store session file. */
async function storedQuestions(file: string): Promise<unknown[]> {
  const stored = JSON.parse(await readFile(file, 'utf8')) as { snapshot: { context: { messages: Array<{ role: string; content: unknown }> } } };
  return stored.snapshot.context.messages.filter((message) => message.role === 'user').map((message) => message.content);
}

// Real CLI runs, one after another: each continues what the one before left.
describe('--session keeps the conversation across runs', { timeout: 30_000 }, () => {
  it('in a file (FILE and FILE.json are the same): a question, then a call left waiting for approval, asked about again on the next run', async () => {
    const folder = await tempFolder();
    const file = join(folder, 'chat.json');
    const env = { TMPDIR: folder };
    const first = await runCli(['--session', file], { env, input: 'what is 2+2?\n' });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Session "chat" is new; it is saved in ${file}.\n`);
    expect(await storedQuestions(file)).toEqual(['what is 2+2?']);

    const second = await runCli(['--session', join(folder, 'chat')], { env, input: 'save a note: eggs\n' });
    expect(second.stdout).toContain(`Continuing session "chat" from ${file} (1 earlier question).\n`);
    expect(second.stdout).toContain('The input ended before an answer: save_note did not run (the stored session still waits for approval).');
    expect(second.code).toBe(1);

    const third = await runCli(['--session', file], { env, input: 'y\nwhat is 3*3?\n' });
    expect(third.stdout).toContain('(2 earlier questions).\nIts last turn waits for your approval.\n  approve  save_note {"note":"eggs"}? [y/N/e] y\n');
    expect(third.stdout).toContain('Saved the note "eggs"');
    expect(third.stdout).toContain('3*3 = 9');
    expect(third.code).toBe(0);
    expect(await readFile(join(folder, 'toolcycle', 'notes.txt'), 'utf8')).toBe('eggs\n');
    expect(await storedQuestions(file)).toEqual(['what is 2+2?', 'save a note: eggs', 'what is 3*3?']);
  });

  it('a run killed mid-turn is resumed by the next; a resumed request that fails is said at the next start, and /retry sends it again', async () => {
    const file = join(await tempFolder(), 'crash.json');
    const { server } = await scriptedModel((_request, { signal, index }) =>
      index === 0 ? new Promise((resolve) => signal.addEventListener('abort', () => resolve({ content: 'never read' }))) : { error: { status: 500, message: 'the server broke' } },
    );
    const first = startCli(['--session', file, '--base-url', server.baseURL]);
    first.child.stdin.write('what is 2+2?\n');
    // The session is saved before each request leaves: once the server has it, the file says "deciding".
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const second = await runCli(['--session', file, '--max-retries', '0', '--base-url', server.baseURL]);
    expect(second.stdout).toContain('Its last turn was interrupted mid-turn (in deciding); resuming it.\n');
    expect(second.stdout).toMatch(/ {2}failed {3}[^\n]*the server broke\n/);
    expect(second.code).toBe(1);
    expect(server.requests[1]!.body).toEqual(server.requests[0]!.body);

    // The offline demo model this time.
    const third = await runCli(['--session', file], { input: '/retry\n' });
    expect(third.stdout).toMatch(/\nIts last turn failed: [^\n]*the server broke\n> \/retry\n/);
    expect(third.stdout).toMatch(/decide {3}→ calculate \{"expression":"2\+2"\}[\s\S]*2\+2 = 4/);
    expect(third.code).toBe(0);
  });

  it('two runs on one file: the one that saves second is told, and stops with exit 1', async () => {
    const file = join(await tempFolder(), 'shared.json');
    const first = startCli(['--session', file]);
    const second = startCli(['--session', file]);
    await Promise.all([first.printed(/is new/), second.printed(/is new/)]);
    first.child.stdin.end('what is 2+2?\n');
    expect((await first.done).code).toBe(0);
    second.child.stdin.end('what is 3*3?\n');
    const { code, stdout } = await second.done;
    expect(stdout).toMatch(new RegExp(`\nThe session could not be saved in ${escape(file)}, so it stopped: Session shared was saved by someone else \\(version \\d+, expected 0\\)\\.\n`));
    expect(code).toBe(1);
    expect(await storedQuestions(file)).toEqual(['what is 2+2?']);
  });

  it('a file that is not a session stops the start with one line and exit 1', async () => {
    const folder = await tempFolder();
    const file = join(folder, 'broken.json');
    await writeFile(file, 'this is not JSON');
    const { code, stdout, stderr } = await runCli(['--session', file], { input: 'hello\n' });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^toolcycle: cannot open the session ${escape(file)}: [^\\n]+\\n$`));
    expect(stdout).toBe('');
  });
});

const postgres = postgresUrl();

describe.skipIf(postgres.skip !== undefined)(`--session with PostgreSQL${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, { timeout: 30_000 }, () => {
  it('continues the session named after # on the next run', async () => {
    const name = `cli-${randomUUID()}`;
    const location = `${postgres.url!}#${name}`;
    const first = await runCli(['--session', location], { input: 'what is 2+2?\n' });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Session "${name}" is new`);
    const second = await runCli(['--session', location], { input: 'what is 3*3?\n' });
    expect(second.stdout).toContain(`Continuing session "${name}" from `);
    expect(second.stdout).toContain('(1 earlier question)');
    expect(second.stdout).toContain('3*3 = 9');
    expect(second.code).toBe(0);
  });
});
