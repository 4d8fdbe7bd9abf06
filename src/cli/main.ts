#!/usr/bin/env node
import { runChat } from './chat.js';
import { CliUsageError, parseChatCliOptions, USAGE } from './cli-options.js';

/** The `toolcycle` command. Exits 2 only on unusable input (flags); everything else is reported in-line. */
async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseChatCliOptions(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`toolcycle: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  await runChat(options, {
    input: process.stdin,
    output: process.stdout,
    errorOutput: process.stderr,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY),
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Never a stack trace: one line a person can act on.
    process.stderr.write(`toolcycle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
