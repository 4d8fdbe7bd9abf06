import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CliUsageError, DEFAULT_INSPECTOR_PORT, DEFAULT_TIMEOUT_MS, parseCommandLine, type ChatCliOptions } from '../../src/cli/cli-options.js';
import { runCli } from './support/cli-process.js';

const defaults: ChatCliOptions = {
  model: undefined,
  baseURL: undefined,
  parallelToolCalls: true,
  stream: true,
  maxSteps: undefined,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxRetries: undefined,
  json: false,
  keepGoing: false,
  session: undefined,
  inspectPort: undefined,
  api: 'chat',
  serverState: false,
  mcp: [],
  durable: undefined,
  conversation: undefined,
  appName: undefined,
};

const optionsOf = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseCommandLine(argv, env);
  if (parsed.kind !== 'chat') throw new Error(`parsed as ${parsed.kind}`);
  return parsed.options;
};

/** The one line a usage error is, or undefined when the arguments are accepted. */
const usageError = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parseCommandLine(argv, env);
    return undefined;
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    return error.message;
  }
};

describe('command-line flags', () => {
  it('parses every flag', () => {
    expect(
      optionsOf([
        'chat',
        '--model',
        'gpt-x',
        '--base-url',
        'http://127.0.0.1:1/v1',
        '--no-parallel',
        '--no-stream',
        '--max-steps',
        '3',
        '--timeout',
        '2500',
        '--max-retries',
        '0',
        '--json',
        '--keep-going',
        '--session',
        '/tmp/notes/chat.json',
        '--api',
        'responses',
        '--server-state',
        '--mcp',
        'npx tsx  notes-server.ts',
        '--mcp=http://127.0.0.1:3000/mcp',
      ]),
    ).toEqual({
      model: 'gpt-x',
      baseURL: 'http://127.0.0.1:1/v1',
      parallelToolCalls: false,
      stream: false,
      maxSteps: 3,
      timeoutMs: 2500,
      maxRetries: 0,
      json: true,
      keepGoing: true,
      session: { kind: 'file', file: '/tmp/notes/chat.json', directory: '/tmp/notes', sessionId: 'chat' },
      inspectPort: undefined,
      api: 'responses',
      serverState: true,
      mcp: [{ command: 'npx', args: ['tsx', 'notes-server.ts'] }, { url: 'http://127.0.0.1:3000/mcp' }],
      durable: undefined,
      conversation: undefined,
      appName: undefined,
    });
    expect(optionsOf([])).toEqual(defaults);
    expect(optionsOf(['chat'])).toEqual(defaults);
  });

  it('--api, --server-state and --mcp refuse what they cannot use', () => {
    expect(usageError(['--api', 'completions'])).toBe('--api needs "chat" or "responses", got "completions"');
    expect(usageError(['--server-state'])).toBe('--server-state is for the Responses API: add --api responses');
    expect(usageError(['--mcp'])).toBe('--mcp needs a command line or an http(s) URL');
    expect(usageError(['--mcp', '   '])).toBe('--mcp needs a command line or an http(s) URL');
    expect(usageError(['--mcp', 'http://'])).toBe('--mcp needs a command line or an http(s) URL, got "http://"');
  });

  it('--durable takes a postgres:// URL and refuses what only a local session uses', () => {
    expect(optionsOf(['--durable', 'postgres://u@db/app', '--conversation', 'c-1', '--model', 'm'])).toMatchObject({ durable: 'postgres://u@db/app', conversation: 'c-1', model: 'm' });
    expect(usageError(['--durable', 'http://db/app'])).toBe('--durable needs a postgres:// URL, got "http://db/app"');
    expect(usageError(['--durable', 'postgres://u@db/app', '--session', 'x', '--mcp', 'npx srv', '--inspect'])).toBe(
      '--durable runs the turns on the workers, which have their own model connection and tools: leave out --session, --mcp, --inspect',
    );
    expect(usageError(['--conversation', 'c-1'])).toBe('--conversation is for --durable');
  });

  it('reads the base URL from OPENAI_BASE_URL unless --base-url is given', () => {
    expect(optionsOf([], { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(optionsOf(['--base-url', 'https://example.test/v1'], { OPENAI_BASE_URL: 'http://other/v1' }).baseURL).toBe('https://example.test/v1');
  });

  it('names a session file, adding .json, or a PostgreSQL URL with the session id after #', () => {
    expect(optionsOf(['--session', '/tmp/chat']).session).toEqual({ kind: 'file', file: '/tmp/chat.json', directory: '/tmp', sessionId: 'chat' });
    expect(optionsOf(['--session', 'postgres://ada:secret@127.0.0.1:5432/db#work']).session).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://ada:secret@127.0.0.1:5432/db',
      sessionId: 'work',
      shown: 'postgres://ada:***@127.0.0.1:5432/db',
    });
    expect(optionsOf(['--session', 'postgresql://127.0.0.1/db']).session).toMatchObject({ sessionId: 'toolcycle-chat' });
  });

  it('--help and --version win over everything else', () => {
    expect(parseCommandLine(['--json', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['chat', '--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['chat', '--inspect'], DEFAULT_INSPECTOR_PORT],
    [['--inspect', 'chat'], DEFAULT_INSPECTOR_PORT],
    [['chat', '--inspect', '5123'], 5123],
    [['chat', '--inspect=0', '--json'], 0],
    [['chat', '--inspect', '--no-parallel'], DEFAULT_INSPECTOR_PORT],
  ])('--inspect takes an optional port: %j', (argv, port) => {
    expect(optionsOf(argv).inspectPort).toBe(port);
  });

  it.each([
    [['--inspect', 'abc'], '--inspect needs a port number from 0 to 65535, got "abc"'],
    [['--inspect=http'], '--inspect needs a port number from 0 to 65535, got "http"'],
    [['--inspect', '70000'], '--inspect needs a port number from 0 to 65535, got "70000"'],
    [['--inspect', '-1'], '--inspect needs a port number from 0 to 65535, got "-1"'],
    [['--max-steps', '-1'], '--max-steps needs a whole number of at least 1, got "-1"'],
    [['--max-steps', '0'], '--max-steps needs a whole number of at least 1, got "0"'],
    [['--max-steps', 'lots'], '--max-steps needs a whole number of at least 1, got "lots"'],
    [['--max-steps', '2.5'], '--max-steps needs a whole number of at least 1, got "2.5"'],
    [['--max-steps'], '--max-steps needs a whole number'],
    [['--timeout', '0'], '--timeout needs a number of milliseconds from 1 to 2147483647, got "0"'],
    [['--timeout', '99999999999'], '--timeout needs a number of milliseconds from 1 to 2147483647, got "99999999999"'],
    [['--max-retries', '-2'], '--max-retries needs a whole number of at least 0, got "-2"'],
    [['--model', '--json'], '--model needs a name'],
    [['--model', ' '], '--model needs a name'],
    [['--base-url', 'not a url'], '--base-url needs an http:// or https:// URL, got "not a url"'],
    [['--base-url', 'ftp://127.0.0.1/v1'], '--base-url needs an http:// or https:// URL, got "ftp://127.0.0.1/v1"'],
    [['--session', ''], '--session needs a file name or a postgres:// URL'],
    [['--session', 'my chat.json'], `--session needs a file name made of letters, digits and - _ . ! ~ * ' ( ) (it names the session), got "my chat.json"`],
    [['--session', 'mysql://db/x'], '--session takes a file name or a postgres:// URL, got "mysql://db/x"'],
    [['--json=yes'], '--json takes no value'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['-x'], 'unknown option -x'],
    [['dance'], 'unexpected argument "dance": questions go to the prompt or standard input, not the command line'],
    // What `npm start -- foo` and `npm start -- chat extra` pass: only the user's own words are named.
    [['chat', 'foo'], 'unexpected argument "foo": questions go to the prompt or standard input, not the command line'],
    [['chat', 'chat', 'extra'], 'unexpected arguments "chat extra": questions go to the prompt or standard input, not the command line'],
  ])('rejects %j with one line', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('rejects an OPENAI_BASE_URL that is not http(s), naming the variable', () => {
    expect(usageError([], { OPENAI_BASE_URL: 'file:///etc/passwd' })).toBe('OPENAI_BASE_URL needs an http:// or https:// URL, got "file:///etc/passwd"');
  });
});

// Each spawns the real CLI: about a second each on a loaded 2-core machine.
describe('the toolcycle process and its flags', { timeout: 30_000 }, () => {
  it('--version and -v print the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const [long, short] = await Promise.all([runCli(['--version']), runCli(['-v'])]);
    for (const run of [long, short]) expect(run).toMatchObject({ code: 0, stdout: `toolcycle ${version}\n`, stderr: '' });
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await runCli(['chat', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: toolcycle \[chat\] \[options\]/);
    for (const flag of ['--timeout MS', '--max-retries N', '--no-stream', '--session FILE', '--keep-going', '--version']) expect(stdout).toContain(flag);
  });

  it.each([
    [['chat', '--inspect', 'abc'], {}, '--inspect needs a port number from 0 to 65535, got "abc"'],
    [['chat', '--max-steps', '-1'], {}, '--max-steps needs a whole number of at least 1, got "-1"'],
    [['chat', '--frobnicate'], {}, 'unknown option --frobnicate'],
    [['chat', 'foo'], {}, 'unexpected argument "foo": questions go to the prompt or standard input, not the command line'],
    [['chat', '--base-url', 'ftp://127.0.0.1/v1'], {}, '--base-url needs an http:// or https:// URL, got "ftp://127.0.0.1/v1"'],
    [['chat'], { OPENAI_BASE_URL: 'ws://127.0.0.1/v1' }, 'OPENAI_BASE_URL needs an http:// or https:// URL, got "ws://127.0.0.1/v1"'],
  ])('%j exits 2 with one line on stderr and a hint, never the usage', async (argv, env, message) => {
    const { code, stdout, stderr } = await runCli(argv, { env, input: 'what is 1+1?\n' });
    expect(code).toBe(2);
    expect(stderr).toBe(`toolcycle: ${message} (see toolcycle --help)\n`);
    expect(stdout).toBe('');
  });
});
