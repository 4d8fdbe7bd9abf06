import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.js';
import { parseCommandLine, type ChatCliOptions } from '../../src/cli/cli-options.js';
import type { SessionHistory } from '../../src/inspector/index.js';
import { scriptedModel } from '../support/scripted-model.js';

// What `toolcycle chat` with no flags runs with (flags.test.ts checks these values).
const parsed = parseCommandLine([], {});
if (parsed.kind !== 'chat') throw new Error('no flags should mean chat');
const defaults: ChatCliOptions = parsed.options;

async function chat(lines: string[], options: Partial<ChatCliOptions> = {}, env: NodeJS.ProcessEnv = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  input.end(lines.map((line) => `${line}\n`).join(''));
  const end = await runChat({ ...defaults, ...options }, { input, output, env, interactive: false });
  return { text, end };
}

describe('toolcycle chat on the offline demo model', () => {
  it('shows each stage of a parallel turn, then the answer', async () => {
    const { text, end } = await chat(['What is the weather in Paris and in Tokyo?']);
    expect(text).toContain('offline demo model');
    expect(text).toMatch(/connect {2}toolcycle-offline · 4 tools · parallel calls/);
    expect(text).toMatch(/decide {3}→ get_weather \{"city":"Paris"\}/);
    expect(text).toMatch(/→ get_weather \{"city":"Tokyo"\}/);
    expect(text).toMatch(/call {5}2 calls → parallel/);
    expect(text.match(/execute {2}get_weather → .*\(\d+(\.\d)? ms\)/g)).toHaveLength(2);
    // The answer, streamed, between blank lines, then the stage line that closes the turn.
    expect(text).toMatch(/ms\)\n\n\[offline demo model\][^\n]*\n- Weather in Paris[^\n]*\n- Weather in Tokyo[^\n]*\n\n {2}respond {2}answer · \d+ tokens\n/);
    expect(text.match(/Weather in Paris/g)).toHaveLength(1);
    expect(end).toBe('answered');
  });

  it('runs calls one at a time with --no-parallel', async () => {
    const { text } = await chat(['what time is it in Tokyo and what is 6*7?'], { parallelToolCalls: false });
    expect(text).toContain('sequential calls');
    expect(text).toMatch(/1 call → single/);
    expect(text).toContain('42');
  });

  it('--json prints one parseable line per transition with state and event', async () => {
    const { text } = await chat(['what is 2+2?'], { json: true });
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; state: string; event: string; stage: string });
    expect(records.map((record) => [record.kind, record.stage, record.state])).toEqual([
      ['connect', 'connect', 'deciding'],
      ['request', 'decide', 'calling.checking'],
      ['call', 'call', 'executing.single'],
      ['execute', 'execute', 'responding'],
      ['answer', 'respond', 'idle'],
    ]);
    expect(records[3]).toMatchObject({ event: 'tool.settled', name: 'calculate', result: { result: 4 } });
  });

  it.each(['exit', 'quit', '退出'])('"%s" ends the loop before later lines', async (word) => {
    const { text } = await chat([word, 'what is 1+1?']);
    expect(text).not.toContain('> what is 1+1?');
  });

  it('an API error prints one line, no stack trace, and the loop goes on', async () => {
    const { server } = await scriptedModel([
      { error: { status: 400, message: 'model not found' } },
      { content: 'second try works' },
    ]);
    const { text, end } = await chat(['first', 'second'], { baseURL: server.baseURL, model: 'missing-model' });
    expect(text.match(/failed {3}.*model not found/g)).toHaveLength(1);
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).toContain('second try works');
    expect(end).toBe('answered');
  });

  it('/retry resends the failed request', async () => {
    const { server, bodies } = await scriptedModel([{ error: { status: 400, message: 'flaky' } }, { content: 'retried fine' }]);
    const { text } = await chat(['question', '/retry'], { baseURL: server.baseURL });
    expect(text).toContain('retried fine');
    expect(bodies()[1]).toEqual(bodies()[0]);
    expect(bodies()[0]).toMatchObject({ stream: true });
  });
});

describe('toolcycle chat --inspect', () => {
  it('serves the session on a local inspector while the chat runs, and closes it at the end', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    const answered = new Promise<void>((resolve) =>
      output.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/Weather in Tokyo/.test(text)) resolve();
      }),
    );
    const chatting = runChat({ ...defaults, inspectPort: 0 }, { input, output, env: {}, interactive: false });
    input.write('What is the weather in Paris and in Tokyo?\n');
    await answered;

    const url = /Inspector: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)?.[1];
    expect(url).toBeDefined();
    const history = (await (await fetch(`${url}api/sessions/s1/history`)).json()) as SessionHistory;
    expect(history.session).toMatchObject({ state: 'idle', model: 'toolcycle-offline' });
    const states = history.entries.flatMap((entry) =>
      entry.kind === 'transition' ? entry.microsteps.map((step) => step.state) : [],
    );
    expect(states).toEqual([
      'idle',
      'connecting',
      'deciding',
      'calling.checking',
      'calling.planning',
      'executing.parallel',
      'executing.parallel',
      'calling.planning',
      'responding',
      'idle',
    ]);
    expect(history.messages.filter((message) => (message as { role: string }).role === 'tool')).toHaveLength(2);
    // The trace still prints as before.
    expect(text).toMatch(/call {5}2 calls → parallel/);

    input.end();
    await chatting;
    await expect(fetch(url!)).rejects.toThrow();
  });

  it('--json keeps stdout pure JSON: the URL goes to the error stream', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errorOutput = new PassThrough();
    let text = '';
    let notices = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    errorOutput.on('data', (chunk: Buffer) => (notices += chunk.toString()));
    input.end('what is 2+2?\n');
    await runChat({ ...defaults, json: true, inspectPort: 0 }, { input, output, errorOutput, env: {}, interactive: false });
    expect(notices).toMatch(/^Inspector: http:\/\/127\.0\.0\.1:\d+\//);
    for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });
});
