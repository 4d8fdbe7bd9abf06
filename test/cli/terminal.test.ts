import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/cli/display-width.js';
import { scriptedModel } from '../support/scripted-model.js';
import { jsonLines, tempFolder } from './support/cli-process.js';
import { noTmux, startTerminal } from './support/terminal.js';

const rows = (screen: string) => screen.split('\n').map((row) => row.trimEnd());

// Each runs the real CLI in a tmux pseudo-terminal: a person's view of it.
describe.skipIf(noTmux !== undefined)(`toolcycle chat in a terminal${noTmux ? ` (skipped: ${noTmux})` : ''}`, { timeout: 30_000 }, () => {
  it('streams tool calls on a live line that the trace line replaces, fits results to the width, and Ctrl-D leaves on a new line', async () => {
    const terminal = await startTerminal([], { width: 72 });
    await terminal.waitFor(/\/help lists the commands; "exit" or Ctrl-D leaves\.\nyou> $/m);
    await terminal.type('What is the weather in Paris and in Tokyo?');
    await terminal.press('Enter');
    await terminal.waitFor(/respond {2}answer · \d+ tokens\n\nyou> $/m);
    const screen = rows(await terminal.screen());
    const executes = screen.filter((row) => row.startsWith('  execute  get_weather → '));
    expect(executes).toHaveLength(2);
    for (const row of executes) {
      // One row each: shortened, with the duration still on it.
      expect(row).toMatch(/… \(\d+(\.\d)? ms\)$/);
      expect(displayWidth(row)).toBeLessThanOrEqual(72);
    }
    const raw = await terminal.raw();
    // While the model wrote them: the name first, then the arguments as they grew, redrawn in place.
    expect(raw).toContain('\r\x1b[K  writing  get_weather \r\x1b[K  writing  get_weather {"city":');
    expect(raw).toContain('\r\x1b[K  writing  #2 get_weather {"city":"Tokyo"}\r\x1b[K  decide   → get_weather {"city":"Paris"}\r\n');
    expect(screen.join('\n')).not.toContain('writing');

    await terminal.press('C-d');
    const end = rows(await terminal.waitFor(/\[exit \d+\]/));
    expect(end.slice(end.indexOf('[exit 0]') - 1, end.indexOf('[exit 0]') + 1)).toEqual(['you>', '[exit 0]']);
  });

  it('Ctrl-C at the prompt leaves, ending the line it was typed on', async () => {
    const terminal = await startTerminal([]);
    await terminal.waitFor(/^you> $/m);
    await terminal.type('half a quest');
    await terminal.press('C-c');
    const screen = rows(await terminal.waitFor(/\[exit \d+\]/));
    expect(screen.slice(screen.indexOf('[exit 0]') - 1, screen.indexOf('[exit 0]') + 1)).toEqual(['you> half a quest', '[exit 0]']);
  });

  it('Ctrl-C during a turn cancels the turn, and the prompt comes back', async () => {
    const { server } = await scriptedModel(
      (_request, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({ content: 'too late' }))),
    );
    const terminal = await startTerminal(['--base-url', server.baseURL]);
    await terminal.waitFor(/^you> $/m);
    await terminal.type('wait for me');
    await terminal.press('Enter');
    await terminal.waitFor(/connect {2}gpt-4o-mini/);
    // Cancel only once the request is out, so it is the request that gets aborted.
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await terminal.press('C-c');
    await terminal.waitFor(/^ {2}cancelled\n\nyou> $/m);
    await terminal.type('exit');
    await terminal.press('Enter');
    // The last turn was cancelled: no answer, exit 1.
    expect(rows(await terminal.waitFor(/\[exit \d+\]/))).toContain('[exit 1]');
  });

  it('asks [y/N/e] for a call that needs approval, offers the arguments for editing, and Ctrl-C there cancels the turn', async () => {
    const folder = await tempFolder();
    const notes = join(folder, 'toolcycle', 'notes.txt');
    const terminal = await startTerminal([], { env: { TMPDIR: folder } });
    await terminal.waitFor(/^you> $/m);
    await terminal.type('save a note: buy milk');
    await terminal.press('Enter');
    await terminal.waitFor(/^ {2}approve {2}save_note \{"note":"buy milk"\}\? \[y\/N\/e\] $/m);
    await terminal.type('e');
    await terminal.press('Enter');
    // The current arguments are already on the line, to edit rather than retype.
    await terminal.waitFor(/^ {2}arguments> \{"note":"buy milk"\}$/m);
    await terminal.press('C-u');
    await terminal.type('{"note":"buy oat milk"}');
    await terminal.press('Enter');
    await terminal.waitFor(/Saved the note "buy oat milk"[\s\S]*^you> $/m);
    expect(await readFile(notes, 'utf8')).toBe('buy oat milk\n');

    await terminal.type('记一下：买牛奶');
    await terminal.press('Enter');
    await terminal.waitFor(/save_note \{"note":"买牛奶"\}\? \[y\/N\/e\] $/m);
    await terminal.type('y');
    await terminal.press('C-c');
    // What was typed there is dropped with the question.
    await terminal.waitFor(/\[y\/N\/e\] \n {2}cancelled\n\nyou> $/m);
    await terminal.press('C-d');
    expect(rows(await terminal.waitFor(/\[exit \d+\]/))).toContain('[exit 1]');
    expect(await readFile(notes, 'utf8')).toBe('buy oat milk\n');
  });

  it('--json with standard output redirected: the prompt goes to the terminal through the error stream, the file gets only JSON', async () => {
    const output = join(await tempFolder(), 'trace.jsonl');
    const terminal = await startTerminal(['--json'], { stdoutTo: output });
    await terminal.waitFor(/^you> $/m);
    await terminal.type('what is 2+2?');
    await terminal.press('Enter');
    await terminal.waitFor(/^you> what is 2\+2\?\nyou> $/m);
    await terminal.press('C-d');
    expect(rows(await terminal.waitFor(/\[exit \d+\]/))).toContain('[exit 0]');
    expect(jsonLines(await readFile(output, 'utf8')).map((line) => line['kind'])).toEqual(['connect', 'request', 'call', 'execute', 'answer']);
  });
});
