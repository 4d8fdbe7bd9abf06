import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-usage-error.js';
import { parseSessionLocation, type SessionLocation } from './session-location.js';

export { CliUsageError } from './cli-usage-error.js';

export interface ChatCliOptions {
  model: string | undefined;
  /** From `--base-url`, else `OPENAI_BASE_URL`; checked to be http(s). */
  baseURL: string | undefined;
  parallelToolCalls: boolean;
  /** Print replies as they are written (`stream: true` requests). */
  stream: boolean;
  maxSteps: number | undefined;
  /** The SDK client's `timeout`: how long one attempt waits for the server to start answering. */
  timeoutMs: number;
  /** The SDK client's `maxRetries`; undefined: the SDK's default (2). */
  maxRetries: number | undefined;
  json: boolean;
  /** Exit 0 even when the last turn failed. */
  keepGoing: boolean;
  session: SessionLocation | undefined;
  /** Port for the live inspector page; undefined when `--inspect` is not given. */
  inspectPort: number | undefined;
  /** Which OpenAI API to speak. */
  api: 'chat' | 'responses';
  /** Responses API: keep the conversation on the server. */
  serverState: boolean;
  /** MCP servers whose tools join the bundled ones: a command line (stdio) or an http(s) URL. */
  mcp: McpServerSpec[];
  /** `--durable URL`: run the turns on `toolcycle worker` processes on this PostgreSQL. */
  durable: string | undefined;
  /** `--conversation ID`: the durable conversation to continue (default: a new one). */
  conversation: string | undefined;
  /** `--app-name NAME`: the workers' `--app-name` (default toolcycle). */
  appName: string | undefined;
}

export type McpServerSpec = { command: string; args: string[] } | { url: string };

export type CommandLine = { kind: 'chat'; options: ChatCliOptions } | { kind: 'help' } | { kind: 'version' };

/** `--inspect` without a port: fixed, so the printed URL stays the same from one run to the next. */
export const DEFAULT_INSPECTOR_PORT = 4739;
/**
 * The SDK waits 10 minutes per attempt, three attempts by default: half an hour of silence when a
 * server never answers. A person at a prompt is better served by a minute; `--timeout` changes it.
 * (It bounds the wait for the response to start; a streamed answer may take longer to finish.)
 */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** setTimeout's limit: a longer delay would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const OPTIONS = {
  model: { type: 'string', needs: 'a name' },
  'base-url': { type: 'string', needs: 'an http:// or https:// URL' },
  'no-parallel': { type: 'boolean' },
  'no-stream': { type: 'boolean' },
  'max-steps': { type: 'string', needs: 'a whole number' },
  timeout: { type: 'string', needs: 'a number of milliseconds' },
  'max-retries': { type: 'string', needs: 'a whole number' },
  session: { type: 'string', needs: 'a file name or a postgres:// URL' },
  api: { type: 'string', needs: '"chat" or "responses"' },
  'server-state': { type: 'boolean' },
  // Repeatable: every occurrence is kept (below).
  mcp: { type: 'string', needs: 'a command line or an http(s) URL' },
  durable: { type: 'string', needs: 'a postgres:// URL' },
  conversation: { type: 'string', needs: 'a conversation id' },
  'app-name': { type: 'string', needs: "the workers' app name" },
  json: { type: 'boolean' },
  'keep-going': { type: 'boolean' },
  // Its port is optional, which parseArgs cannot express: read from the next argument below.
  inspect: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;

/**
 * Parses `toolcycle [chat] [options]`; throws `CliUsageError` with one line for anything unusable.
 * parseArgs runs non-strict so that every mistake gets toolcycle's own message ("--max-steps needs a
 * whole number…") instead of parseArgs' generic one; its tokens are checked here instead.
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CommandLine {
  const args = [...argv];
  const { tokens } = parseArgs({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<OptionName, string | true>();
  const mcp: McpServerSpec[] = [];
  let command: string | undefined;
  let inspectPort: number | undefined;
  const consumed = new Set<number>();
  const stray: string[] = [];

  for (const token of tokens) {
    if (consumed.has(token.index) || token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (command === undefined && stray.length === 0 && token.value === 'chat') command = token.value;
      else stray.push(token.value);
      continue;
    }
    if (!isKnown(token.name)) throw new CliUsageError(`unknown option ${token.rawName}`);
    const name = token.name;
    if (name === 'inspect') {
      const next = token.value === undefined ? portArgument(args, token.index, command) : undefined;
      if (next !== undefined) consumed.add(token.index + 1);
      inspectPort = parsePort(token.value ?? next);
      continue;
    }
    if (OPTIONS[name].type === 'boolean') {
      if (token.value !== undefined) throw new CliUsageError(`${token.rawName} takes no value`);
      values.set(name, true);
      continue;
    }
    // Non-strict parseArgs takes the next argument whatever it is: `--model --json` is a missing name.
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) throw new CliUsageError(`${token.rawName} needs ${OPTIONS[name].needs}`);
    if (name === 'mcp') mcp.push(mcpServer(value));
    else values.set(name, value);
  }
  if (stray.length > 0) {
    throw new CliUsageError(
      `unexpected argument${stray.length === 1 ? '' : 's'} "${stray.join(' ')}": questions go to the prompt or standard input, not the command line`,
    );
  }

  if (values.has('help')) return { kind: 'help' };
  if (values.has('version')) return { kind: 'version' };
  const text = (name: OptionName) => {
    const value = values.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const model = text('model');
  if (model !== undefined && model.trim() === '') throw new CliUsageError('--model needs a name');
  const session = text('session');
  const api = text('api') ?? 'chat';
  if (api !== 'chat' && api !== 'responses') throw new CliUsageError(`--api needs "chat" or "responses", got "${api}"`);
  if (values.has('server-state') && api !== 'responses') throw new CliUsageError('--server-state is for the Responses API: add --api responses');
  const durable = text('durable');
  const conversation = text('conversation');
  const appName = text('app-name');
  if (durable !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(durable) || !URL.canParse(durable)) throw new CliUsageError(`--durable needs a postgres:// URL, got "${durable}"`);
    // The workers hold the model connection, the tools and the conversation: these would do nothing.
    const given = (name: OptionName) => (name === 'mcp' ? mcp.length > 0 : name === 'inspect' ? inspectPort !== undefined : values.has(name));
    const local = (['base-url', 'session', 'api', 'server-state', 'mcp', 'inspect', 'timeout', 'max-retries'] as const).filter(given);
    if (local.length > 0) throw new CliUsageError(`--durable runs the turns on the workers, which have their own model connection and tools: leave out ${local.map((name) => `--${name}`).join(', ')}`);
  } else if (conversation !== undefined || appName !== undefined) throw new CliUsageError(`${conversation === undefined ? '--app-name' : '--conversation'} is for --durable`);

  return {
    kind: 'chat',
    options: {
      model,
      baseURL: baseUrl(text('base-url'), env),
      parallelToolCalls: !values.has('no-parallel'),
      stream: !values.has('no-stream'),
      maxSteps: wholeNumber('--max-steps', text('max-steps'), 1),
      timeoutMs: wholeNumber('--timeout', text('timeout'), 1, MAX_TIMEOUT_MS, 'a number of milliseconds') ?? DEFAULT_TIMEOUT_MS,
      maxRetries: wholeNumber('--max-retries', text('max-retries'), 0),
      json: values.has('json'),
      keepGoing: values.has('keep-going'),
      session: session === undefined ? undefined : parseSessionLocation(session),
      inspectPort,
      api,
      serverState: values.has('server-state'),
      mcp,
      durable,
      conversation,
      appName,
    },
  };
}

/** `--mcp http://…` is a Streamable HTTP server; anything else is a command to start, split at spaces. */
function mcpServer(value: string): McpServerSpec {
  if (/^https?:\/\//.test(value)) {
    if (!URL.canParse(value)) throw new CliUsageError(`--mcp needs a command line or an http(s) URL, got "${value}"`);
    return { url: value };
  }
  const [command, ...args] = value.trim().split(/\s+/);
  if (!command) throw new CliUsageError('--mcp needs a command line or an http(s) URL');
  return { command, args };
}

function isKnown(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/** The argument after a bare `--inspect`, when it is meant as its port: not an option, not the command word. */
function portArgument(args: readonly string[], index: number, command: string | undefined): string | undefined {
  const next = args[index + 1];
  if (next === undefined || next === '--') return undefined;
  if (next.startsWith('-') && !/^-\d/.test(next)) return undefined;
  if (next === 'chat' && command === undefined) return undefined;
  return next;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_INSPECTOR_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) throw new CliUsageError(`--inspect needs a port number from 0 to 65535, got "${value}"`);
  return port;
}

function wholeNumber(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER, what = 'a whole number'): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new CliUsageError(`${flag} needs ${what} ${range}, got "${value}"`);
  }
  return number;
}

/** Only http(s): the SDK would otherwise fail on the first question, or send the key somewhere odd. */
function baseUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.OPENAI_BASE_URL || undefined;
  const value = flag ?? fromEnv;
  if (value === undefined) return undefined;
  const source = flag === undefined ? 'OPENAI_BASE_URL' : '--base-url';
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliUsageError(`${source} needs an http:// or https:// URL, got "${value}"`);
  }
  return value;
}
