import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach } from 'vitest';
import { bareEnv, CLI_COMMAND, tempFolder } from './cli-process.js';

const run = promisify(execFile);

/**
 * Why terminal tests cannot run here, or undefined when tmux is installed. CI installs Debian's tmux
 * and sets TOOLCYCLE_REQUIRE_TMUX=1: there, a missing tmux fails the run instead of skipping.
 */
export const noTmux: string | undefined = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return undefined;
  } catch {
    if (process.env.TOOLCYCLE_REQUIRE_TMUX === '1') throw new Error('tmux is required here (TOOLCYCLE_REQUIRE_TMUX=1) but is not installed.');
    return 'tmux is not installed';
  }
})();

export interface Terminal {
  /** Types text literally (no Enter). */
  type(text: string): Promise<void>;
  /** tmux key names: 'Enter', 'C-c', 'C-d', 'C-u'. */
  press(...keys: string[]): Promise<void>;
  /** The screen as shown, one row per line (long lines wrapped as the terminal wraps them). */
  screen(): Promise<string>;
  /** Waits until the screen (wrapped rows joined back into lines) matches, and returns it. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Every byte the program wrote to the terminal, escape sequences included. */
  raw(): Promise<string>;
}

const WAIT_LIMIT_MS = 15_000;
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/**
 * `toolcycle` in a real pseudo-terminal (tmux, on a private socket, no user config). After it exits
 * the pane shows `[exit N]` on the line the shell's prompt would take. Output is recorded raw from
 * the first byte: the program waits for the recorder before it starts.
 */
export async function startTerminal(
  args: readonly string[],
  options: { width?: number; height?: number; env?: Record<string, string>; stdoutTo?: string } = {},
): Promise<Terminal> {
  const folder = await tempFolder();
  const socket = join(folder, 'tmux.sock');
  const rawFile = join(folder, 'raw.log');
  const tmux = (...tmuxArgs: string[]) => run('tmux', ['-u', '-S', socket, '-f', '/dev/null', ...tmuxArgs], { env: bareEnv() });
  const variables = Object.entries(bareEnv(options.env ?? {}))
    .map(([name, value]) => `${name}=${quote(value)}`)
    .join(' ');
  const command = [...CLI_COMMAND, ...args].map(quote).join(' ') + (options.stdoutTo === undefined ? '' : ` > ${quote(options.stdoutTo)}`);
  // Waits for one line (the recorder is attached by then), with echo off so the line leaves no trace.
  const script = `stty -echo; IFS= read -r _; stty echo; cd ${quote(process.cwd())} && env -i ${variables} TERM="$TERM" ${command}; echo "[exit $?]"; exec sleep 600`;
  await tmux('new-session', '-d', '-s', 'cli', '-x', String(options.width ?? 100), '-y', String(options.height ?? 50), script);
  open.push(() => tmux('kill-server').then(() => undefined, () => undefined));
  await tmux('pipe-pane', '-t', 'cli', '-o', `cat >> ${quote(rawFile)}`);
  await tmux('send-keys', '-t', 'cli', 'Enter');

  const capture = async (join: boolean) => (await tmux('capture-pane', '-p', ...(join ? ['-J'] : []), '-t', 'cli')).stdout;
  return {
    type: async (text) => void (await tmux('send-keys', '-t', 'cli', '-l', text)),
    press: async (...keys) => void (await tmux('send-keys', '-t', 'cli', ...keys)),
    screen: () => capture(false),
    async waitFor(pattern) {
      const deadline = Date.now() + WAIT_LIMIT_MS;
      for (;;) {
        const screen = await capture(true);
        if (pattern.test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`The terminal never showed ${pattern}. It shows:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    raw: () => readFile(rawFile, 'utf8').catch(() => ''),
  };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
