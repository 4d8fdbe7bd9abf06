import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** The real command, as `npm start` runs it (tsx from source). */
export const CLI_COMMAND = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'] as const;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the CLI's standard input, which is then closed. */
  input?: string;
  /** Added to a bare environment: no OPENAI_API_KEY / OPENAI_BASE_URL unless given here. */
  env?: Record<string, string>;
}

/** No key, no base URL: the CLI starts its offline demo model unless a test says otherwise. */
export function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', TMPDIR: process.env.TMPDIR ?? tmpdir(), ...extra };
}

/** Runs `toolcycle` with its standard streams as pipes, to the end. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const cli = startCli(args, options.env);
  cli.child.stdin.end(options.input ?? '');
  return cli.done;
}

/** A running `toolcycle` with piped streams, for tests that act while it runs (kill it mid-turn). */
export function startCli(args: readonly string[], env: Record<string, string> = {}) {
  const [command, ...leading] = CLI_COMMAND;
  const child: ChildProcessWithoutNullStreams = spawn(command, [...leading, ...args], { env: bareEnv(env) });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; resolve(): void }> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const watcher of watchers.filter((candidate) => candidate.pattern.test(stdout))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  /** Resolves once standard output matches; rejects if the process ends first. */
  const printed = (pattern: RegExp) =>
    pattern.test(stdout)
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => watchers.push({ pattern, resolve })),
          done.then((run) => Promise.reject(new Error(`toolcycle ended (${run.code ?? run.signal}) without printing ${pattern}:\n${run.stdout}${run.stderr}`))),
        ]);
  return { child, done, printed };
}

/** The lines of a `--json` run, parsed. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A fresh folder, removed after the test: a TMPDIR for notes, a place for session files. */
export async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'toolcycle-cli-test-'));
  folders.push(folder);
  return folder;
}
