import { parseArgs } from 'node:util';

export interface ChatCliOptions {
  model: string | undefined;
  baseURL: string | undefined;
  parallelToolCalls: boolean;
  maxSteps: number | undefined;
  json: boolean;
}

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
  -h, --help         show this help

With neither OPENAI_API_KEY nor a base URL, toolcycle starts its offline demo model on 127.0.0.1.
Type "exit", "quit" or "退出" (or end the input) to leave.`;

/** Parses `toolcycle [chat] [options]`; throws `CliUsageError` for anything unusable. */
export function parseChatCliOptions(argv: readonly string[]): ChatCliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
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
    if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new CliUsageError(`--max-steps needs a whole number of at least 1, got "${values['max-steps']}".`);
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
  };
}
