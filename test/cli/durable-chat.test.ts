import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { postgresUrl } from '../support/postgres.js';
import { startCliWorker } from '../support/cli-worker.js';
import { runCli, tempFolder } from './support/cli-process.js';

const postgres = postgresUrl();

/**
 * `toolcycle chat --durable` against a real `toolcycle worker` process (both as `npm start` runs
 * them) on the run's PostgreSQL, the worker talking to the offline demo model.
 */
describe.skipIf(postgres.skip !== undefined)(`toolcycle chat --durable${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, { timeout: 120_000 }, () => {
  const appName = `cli-${crypto.randomUUID().slice(0, 8)}`;
  let model: OfflineModelServer;
  let stopWorker: () => Promise<void>;
  let notesFolder: string;

  beforeAll(async () => {
    model = await startOfflineModel();
    notesFolder = await tempFolder();
    ({ stop: stopWorker } = await startCliWorker({ databaseUrl: postgres.url!, workerId: `${appName}-1`, appName, baseURL: model.baseURL, tmpdir: notesFolder }));
  }, 120_000);
  afterAll(async () => {
    await stopWorker?.();
    await model?.close();
  });

  const chat = (lines: string[], extra: string[] = []) =>
    runCli(['chat', '--durable', postgres.url!, '--app-name', appName, '--model', 'toolcycle-offline', ...extra], { input: lines.map((line) => `${line}\n`).join('') });

  it('runs each turn on the worker, asks for approval here, and a later run continues the conversation', async () => {
    const first = await chat(['What is the weather in Paris and in Tokyo?', 'save a note: buy milk', 'y']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const conversation = /^Conversation (chat-[\w-]+) \(continue it later with --conversation \1\)\.$/m.exec(first.stdout)?.[1];
    expect(conversation).toBeDefined();
    expect(first.stdout).toMatch(/turn {5}1 of chat-[\w-]+, queued for the workers/);
    expect(first.stdout).toMatch(/execute {2}get_weather \{"city":"Paris"\} → \{/);
    expect(first.stdout).toMatch(/execute {2}get_weather \{"city":"Tokyo"\} → \{/);
    expect(first.stdout).toMatch(/approve {2}save_note \{"note":"buy milk"\}\? \[y\/N\/e\] y/);
    expect(first.stdout).toContain('Saved the note "buy milk"');
    // Each call printed once, though the turn came back in two parts around the approval.
    expect(first.stdout.match(/execute {2}save_note/g)).toHaveLength(1);

    const second = await chat(['what did I just ask you to note?'], ['--conversation', conversation!]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`Continuing conversation ${conversation} \\(2 turn\\(s\\), \\d+ messages\\)\\.`));
    expect(second.stdout).toMatch(/turn {5}3 of /);
    // The worker's model got the whole stored history: the first run's messages came before this question.
    const last = model.requests.at(-1)!.body.messages;
    expect(last.some((message) => message.role === 'user' && message.content === 'What is the weather in Paris and in Tokyo?')).toBe(true);
  });
});
