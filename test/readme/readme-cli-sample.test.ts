import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noTmux, startTerminal } from '../cli/support/terminal.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const cliSection = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('### Real models'));
const sample = /```text\n([\s\S]*?)```/.exec(cliSection)![1]!;

/** What varies between runs: ports, temp folders, timings, token counts, the demo's weather data. */
const normalise = (text: string) =>
  text
    .split('\n')
    .map((line) =>
      line
        .trimEnd()
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
        .replace(/\(\d+(\.\d+)? ms\)/g, '(N ms)')
        .replace(/\d+ tokens/g, 'N tokens')
        .replace(/"temperature":\d+/g, '"temperature":N')
        .replace(/\d+ °C and [a-z ]+, humidity \d+%, wind \d+ km\/h/g, 'WEATHER')
        // Results are cut to the terminal's width, so where depends on how wide the duration is.
        .replace(/"unit":"[a-z]*…?/g, '"unit":…')
        .replace(/"file":"[^"…]*…?/g, '"file":PATH')
        .replace(/ to \/\S+notes\.txt\./g, ' to PATH.')
        .replace(/…/g, ''),
    )
    .join('\n');

describe.skipIf(noTmux !== undefined)(`the README's CLI sample${noTmux ? ` (skipped: ${noTmux})` : ''}`, { timeout: 60_000 }, () => {
  it('is what `toolcycle chat` prints in an 80-column terminal, prompt included', async () => {
    const terminal = await startTerminal([], { width: 80, height: 80, env: { TMPDIR: mkdtempSync(join(tmpdir(), 'readme-cli-')) } });
    await terminal.waitFor(/^you> $/m);
    await terminal.type('What is the weather in Paris and in Tokyo?');
    await terminal.press('Enter');
    await terminal.waitFor(/respond {2}answer · \d+ tokens\n\nyou> $/m);
    await terminal.type('save a note: buy milk');
    await terminal.press('Enter');
    await terminal.waitFor(/\[y\/N\/e\] $/m);
    await terminal.type('y');
    await terminal.press('Enter');
    const screen = await terminal.waitFor(/respond {2}answer · \d+ tokens\n\nyou> $/m);
    const shown = screen.slice(screen.indexOf('toolcycle chat —'));
    expect(normalise(shown).trim()).toBe(normalise(sample).trim());
  });
});
