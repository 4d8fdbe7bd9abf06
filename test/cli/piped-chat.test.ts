import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../src/cli/chat-commands.js';
import { displayWidth } from '../../src/cli/display-width.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { jsonLines, runCli, startCli } from './support/cli-process.js';

/** A 503 the SDK retries at once (`retry-after-ms`), so the test waits for no backoff. */
const overloaded: ScriptedReply = {
  raw: {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after-ms': '1' },
    body: JSON.stringify({ error: { message: 'overloaded', type: 'server_error', param: null, code: null } }),
  },
};

// Each spawns the real CLI with pipes for its standard streams.
describe('toolcycle chat through a pipe', { timeout: 30_000 }, () => {
  it('runs a parallel turn, answers /help, /retry and unknown commands itself, and prints no hints or cursor codes', async () => {
    const { code, stdout, stderr } = await runCli([], {
      input: '/help\n/retry\n/frobnicate\nWhat is the weather in Paris and in Tokyo?\n',
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`> /help\n${COMMAND_HELP}\n`);
    expect(stdout).toContain('> /retry\nNothing to retry: no request has failed.\n> /frobnicate\n');
    expect(stdout).toContain('Unknown command /frobnicate: /help lists the commands.\n');
    // The commands never reached the model: the only turn is the question's.
    expect(stdout.match(/connect {2}/g)).toHaveLength(1);
    expect(stdout.indexOf('connect  ')).toBeGreaterThan(stdout.indexOf('> What is the weather'));
    expect(stdout).toMatch(/decide {3}→ get_weather \{"city":"Paris"\}\n {11}→ get_weather \{"city":"Tokyo"\}\n {2}call {5}2 calls → parallel\n/);
    const executes = stdout.split('\n').filter((line) => line.startsWith('  execute  '));
    expect(executes).toHaveLength(2);
    // Shortened to 80 columns (no terminal, no $COLUMNS); --json has the whole result.
    for (const line of executes) {
      expect(line).toMatch(/^ {2}execute {2}get_weather → \{"city":"(Paris|Tokyo)","temperature":.*… \(\d+(\.\d)? ms\)$/);
      expect(displayWidth(line)).toBeLessThanOrEqual(80);
    }
    expect(stdout).toMatch(/\n\n\[offline demo model\] Here is what I found:\n- Weather in Paris.*\n- Weather in Tokyo.*\n\n {2}respond {2}answer · \d+ tokens\n\n$/);
    expect(stdout).not.toMatch(/[\x1b\r]/);
    expect(stdout).not.toContain('you>');
    expect(stdout).not.toContain('/help lists the commands;');
  });

  it('--json: commands answer with notice lines; a failed turn carries status, code and stage at the top level; exit 1 unless --keep-going', async () => {
    const failing: ScriptedReply[] = [{ error: { status: 404, message: 'The model `nope` does not exist', type: 'invalid_request_error', code: 'model_not_found' } }];
    const [strict, lenient] = await Promise.all([scriptedModel(failing), scriptedModel(failing)]);
    const [failed, keptGoing] = await Promise.all([
      runCli(['--json', '--base-url', strict.server.baseURL], { input: '/retry\n/frobnicate\n/help\nhello\n' }),
      runCli(['--json', '--keep-going', '--base-url', lenient.server.baseURL], { input: 'hello\n' }),
    ]);
    const lines = jsonLines(failed.stdout);
    expect(lines.slice(0, 3)).toEqual([
      { kind: 'notice', code: 'nothing_to_retry', message: 'Nothing to retry: no request has failed.' },
      { kind: 'notice', code: 'unknown_command', message: 'Unknown command /frobnicate: /help lists the commands.' },
      { kind: 'notice', code: 'help', message: COMMAND_HELP },
    ]);
    expect(lines.slice(3).map((line) => line['kind'])).toEqual(['connect', 'failed']);
    expect(failed.code).toBe(1);
    expect(keptGoing.code).toBe(0);
    const line = lines.at(-1);
    expect(line).toMatchObject({ kind: 'failed', status: 404, code: 'model_not_found', stage: 'decide', state: 'failed' });
    expect(line).toMatchObject({ error: { name: 'ApiRequestError', status: 404, code: 'model_not_found', stage: 'decide' } });
    expect(jsonLines(keptGoing.stdout).at(-1)).toEqual(line);
  });

  it('every SDK retry shows in the trace and in --json (--max-retries); a turn that answers after a failed one makes exit code 0', async () => {
    const [human, json] = await Promise.all([
      scriptedModel([{ error: { status: 400, message: 'bad request' } }, overloaded, overloaded, { content: 'finally' }]),
      scriptedModel([overloaded, overloaded, { content: 'finally' }]),
    ]);
    // 3, not the SDK's default 2: the attempt counts show the flag reached the client.
    const [text, lines] = await Promise.all([
      runCli(['--max-retries', '3', '--base-url', human.server.baseURL], { input: 'first\nsecond\n' }),
      runCli(['--json', '--max-retries', '3', '--base-url', json.server.baseURL], { input: 'hello\n' }),
    ]);
    // A 400 is not retried; the failure is one line, without the /retry hint a person at a prompt gets.
    expect(text.stdout).toMatch(/\n {2}failed {3}[^\n]*bad request\n\n> second\n/);
    expect(text.stdout).not.toContain('/retry resends it');
    expect(text.stdout).toContain('  decide   retrying (2/4) after HTTP 503…\n  decide   retrying (3/4) after HTTP 503…\n\nfinally\n\n  decide   answer');
    expect(text.code).toBe(0);
    expect(jsonLines(lines.stdout).filter((line) => line['kind'] === 'retry')).toEqual([
      { kind: 'retry', attempt: 2, maxAttempts: 4, status: 503, state: 'deciding', event: 'model.streamed', stage: 'decide' },
      { kind: 'retry', attempt: 3, maxAttempts: 4, status: 503, state: 'deciding', event: 'model.streamed', stage: 'decide' },
    ]);
    expect(json.server.requests).toHaveLength(3);
  });

  it('--timeout bounds a server that never answers; the retry and the timeout show, and the exit code is 1', async () => {
    const { server } = await scriptedModel((_request, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({ content: 'too late' }))));
    const { code, stdout } = await runCli(['--json', '--timeout', '200', '--max-retries', '1', '--base-url', server.baseURL], { input: 'hello?\n' });
    expect(code).toBe(1);
    const lines = jsonLines(stdout);
    expect(lines.find((line) => line['kind'] === 'retry')).toMatchObject({ attempt: 2, maxAttempts: 2, status: null });
    expect(lines.at(-1)).toMatchObject({ kind: 'failed', code: 'timeout', status: null, stage: 'decide' });
    expect(server.requests).toHaveLength(2);
  });

  it('streams the answer as it arrives: text received before a broken stream is already printed; --no-stream asks for no stream', async () => {
    const reply: ScriptedReply = { content: 'The answer is forty-two, said the streamed reply.', stream: { cutAfterChunk: 3 } };
    const [streamed, whole] = await Promise.all([scriptedModel([reply]), scriptedModel([reply])]);
    const [cut, unstreamed] = await Promise.all([
      runCli(['--base-url', streamed.server.baseURL], { input: 'tell me\n' }),
      runCli(['--no-stream', '--base-url', whole.server.baseURL], { input: 'tell me\n' }),
    ]);
    // The role chunk and two 12-character pieces arrived, then the connection was cut.
    expect(cut.stdout).toMatch(/\n\nThe answer is forty-two,\n\n {2}failed {3}[^\n]*stream/);
    expect(cut.code).toBe(1);
    expect(streamed.bodies()[0]).toMatchObject({ stream: true });
    expect(whole.bodies()[0]).not.toHaveProperty('stream');
    expect(unstreamed.stdout).toContain('\n\nThe answer is forty-two, said the streamed reply.\n\n  decide   answer');
    expect(unstreamed.code).toBe(0);
  });

  it('says "stopped: max_steps" only when the step limit cut the turn short', async () => {
    const question = { input: 'What is the weather in Paris and in Tokyo?\n' };
    const [oneAtATime, together] = await Promise.all([runCli(['--max-steps', '1', '--no-parallel'], question), runCli(['--max-steps', '1'], question)]);
    expect(oneAtATime.stdout).toMatch(/respond {2}answer · \d+ tokens · stopped: max_steps\n/);
    // Both calls fit in the one round: the limit was not reached.
    expect(together.stdout).toMatch(/respond {2}answer · \d+ tokens\n/);
    expect(together.stdout).not.toContain('stopped:');
  });

  it('--inspect serves the inspector while it runs and prints its URL (the in-process tests read it over HTTP)', async () => {
    const { code, stdout } = await runCli(['--inspect', '0'], { input: 'what is 3*3?\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Inspector: http:\/\/127\.0\.0\.1:\d+\/ — open it in a browser/m);
    expect(stdout).toMatch(/3\*3 = 9/);
  });

  it('a reader that stops early (| head) ends it quietly, without a stack trace', async () => {
    const cli = startCli([]);
    await cli.printed(/^toolcycle chat/);
    cli.child.stdout.destroy();
    cli.child.stdin.end('What is the weather in Paris and in Tokyo?\n');
    const { code, stderr } = await cli.done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
