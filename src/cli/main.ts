#!/usr/bin/env node
import type { ChatEnd } from './chat.js';
import { CliUsageError, parseCommandLine } from './cli-options.js';
import { packageVersion } from './package-version.js';
import { USAGE } from './usage.js';

/**
 * The exit codes scripts can rely on: 0 when the run is done (or `--keep-going`), 1 when its last
 * turn did not end with an answer or toolcycle could not start, 2 for options it cannot run with.
 */
const EXIT = { done: 0, unanswered: 1, usage: 2 } as const;

async function main(argv: readonly string[]): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe: the rest of the output has nowhere to go, which is no error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(EXIT.done);
  });
  // `toolcycle worker`: a durable worker (toolcycle/durable), loaded only when asked for, with its own flags.
  if (argv[0] === 'worker') return (await import('../durable/worker-main.js')).runWorkerCommand(argv.slice(1));
  let commandLine;
  try {
    commandLine = parseCommandLine(argv, process.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`toolcycle: ${error.message} (see toolcycle --help)\n`);
    return EXIT.usage;
  }
  if (commandLine.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  if (commandLine.kind === 'version') {
    process.stdout.write(`toolcycle ${packageVersion()}\n`);
    return EXIT.done;
  }
  const { options } = commandLine;
  // Loaded only now: --help, --version and a usage error answer without loading the SDK, XState and the rest.
  const { runChat } = await import('./chat.js');
  const end: ChatEnd = await runChat(options, {
    input: process.stdin,
    output: process.stdout,
    errorOutput: process.stderr,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY),
    terminal: Boolean(process.stdout.isTTY),
    columns: () => process.stdout.columns,
  });
  return end === 'unanswered' && !options.keepGoing ? EXIT.unanswered : EXIT.done;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Never a stack trace: one line a person can act on.
    process.stderr.write(`toolcycle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.unanswered;
  },
);
