import { parseArgs } from 'node:util';

export interface ChatCliOptions {
  model: string | undefined;
  baseURL: string | undefined;
  parallelToolCalls: boolean;
  maxSteps: number | undefined;
  json: boolean;
  /** Port for the live inspector page; undefined when `--inspect` is not given. */
  inspectPort: number | undefined;
}

/** `--inspect` without a port: fixed, so the printed URL stays the same from one run to the next. */
export const DEFAULT_INSPECTOR_PORT = 4739;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const USAGE = `Usage: toolcycle chat [options]

Options:
  --model NAME       model to use (default: gpt-4o-mini, or the offline model without an API key)
  --base-url URL     OpenAI-compatible server (default: $OPENAI_BASE_URL)
  --no-parallel      run several tool calls one after another (parallel_tool_calls: false)
  --max-steps N      tool rounds per turn before a final answer is forced (default 8)
  --json             print one JSON line per transition instead of the readable trace
  --inspect [PORT]   serve a live inspector page on 127.0.0.1 (default port ${DEFAULT_INSPECTOR_PORT}; 0 picks a free one)
  -h, --help         show this help

With neither OPENAI_API_KEY nor a base URL, toolcycle starts its offline demo model on 127.0.0.1.
Type "exit", "quit" or "退出" (or end the input) to leave.`;

/** Parses `toolcycle [chat] [options]`; throws `CliUsageError` for anything unusable. */
export function parseChatCliOptions(argv: readonly string[]): ChatCliOptions | 'help' {
  const { rest, inspectPort } = extractInspect(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        'base-url': { type: 'string' },
        'no-parallel': { type: 'boolean', default: false },
        'max-steps': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command = 'chat', ...extra] = positionals;
  if (command !== 'chat' || extra.length > 0) throw new CliUsageError(`Unknown command "${[command, ...extra].join(' ')}".`);

  let maxSteps: number | undefined;
  if (values['max-steps'] !== undefined) {
    maxSteps = Number(values['max-steps']);
    if (!Number.isInteger(maxSteps) || maxSteps < 1)
      throw new CliUsageError(`--max-steps needs a whole number of at least 1, got "${values['max-steps']}".`);
  }
  if (values.model !== undefined && values.model.trim() === '') throw new CliUsageError('--model needs a name.');
  const baseURL = values['base-url'];
  if (baseURL !== undefined && !URL.canParse(baseURL)) throw new CliUsageError(`--base-url is not a URL: "${baseURL}".`);

  return {
    model: values.model,
    baseURL,
    parallelToolCalls: !values['no-parallel'],
    maxSteps,
    json: values.json,
    inspectPort,
  };
}

/**
 * `--inspect` takes an optional value, which `parseArgs` cannot express: `--inspect 5000`,
 * `--inspect=5000` and a bare `--inspect` are taken out here, before the other flags are parsed.
 */
function extractInspect(argv: readonly string[]): { rest: string[]; inspectPort: number | undefined } {
  const rest: string[] = [];
  let inspectPort: number | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (arg !== '--inspect' && !arg.startsWith('--inspect=')) {
      rest.push(arg);
      continue;
    }
    let value = arg.startsWith('--inspect=') ? arg.slice('--inspect='.length) : undefined;
    if (value === undefined && /^\d+$/.test(argv[index + 1] ?? '')) {
      value = argv[index + 1];
      index += 1;
    }
    inspectPort = value === undefined ? DEFAULT_INSPECTOR_PORT : Number(value);
    if (!/^\d+$/.test(value ?? String(DEFAULT_INSPECTOR_PORT)) || inspectPort > 65535) {
      throw new CliUsageError(`--inspect takes a port number from 0 to 65535, got "${value}".`);
    }
  }
  return { rest, inspectPort };
}
