import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli, tempFolder } from './support/cli-process.js';

/** The demo's save_note writes to $TMPDIR/toolcycle/notes.txt: each test gets its own TMPDIR. */
async function notesFolder() {
  const folder = await tempFolder();
  const file = join(folder, 'toolcycle', 'notes.txt');
  return { env: { TMPDIR: folder }, file, notes: () => readFile(file, 'utf8').catch(() => undefined) };
}

// In a pipe, the line after the question that needs approval is the answer.
describe('approving calls through a pipe', { timeout: 30_000 }, () => {
  it('y runs the call, n declines it; in English and in Chinese', async () => {
    const { env, file, notes } = await notesFolder();
    const { code, stdout } = await runCli([], { env, input: 'save a note: buy milk\ny\n记一下：买牛奶\nn\n' });
    expect(code).toBe(0);
    expect(stdout).toContain('  call     1 call → waiting for approval\n  approve  save_note {"note":"buy milk"}? [y/N/e] y\n  execute  save_note → {"saved":true');
    expect(stdout).toContain(`[offline demo model] Saved the note "buy milk" to ${file}.`);
    expect(stdout).toContain('  approve  save_note {"note":"买牛奶"}? [y/N/e] n\n');
    expect(stdout).toContain('[离线演示模型] 没有记下“买牛奶”：你拒绝了。');
    expect(await notes()).toBe('buy milk\n');
  });

  it('e edits the JSON arguments; what is not JSON, or does not fit the tool, is said and asked again', async () => {
    const { env, file, notes } = await notesFolder();
    const input = ['save a note: buy milk', 'maybe', 'e', 'not json', 'e', '{"note":"   "}', 'e', '{"note":"buy oat milk"}', ''].join('\n');
    const { code, stdout } = await runCli([], { env, input });
    expect(code).toBe(0);
    expect(stdout).toContain('[y/N/e] maybe\nAnswer y (run it), n (do not run it) or e (edit its JSON arguments first).\n');
    expect(stdout).toContain('  arguments> not json\nThat is not JSON, so the arguments stay as they were: not json\n  approve  save_note {"note":"buy milk"}? [y/N/e] e\n');
    // decide() refused the blank note with its typed error; the call is asked about again, showing the edit.
    expect(stdout).toMatch(/ {2}arguments> \{"note":" {3}"\}\nThe edited arguments for save_note \(call_\w+\) do not match its parameters: note: The note must not be blank\.\n {2}approve {2}save_note \{"note":" {3}"\}\? \[y\/N\/e\] e\n/);
    expect(stdout).toContain(`Saved the note "buy oat milk" to ${file}.`);
    expect(await notes()).toBe('buy oat milk\n');
  });

  it('--json: each decision is a line; input that ends before an answer leaves the call unrun, and exits 1', async () => {
    const { env, notes } = await notesFolder();
    const { code, stdout } = await runCli(['--json'], { env, input: 'save a note: one\ny\nsave a note: two\n' });
    const lines = jsonLines(stdout);
    const approvals = lines.filter((line) => line['kind'] === 'approval');
    expect(approvals).toHaveLength(2);
    expect(approvals[0]).toMatchObject({ calls: [{ name: 'save_note', arguments: { note: 'one' }, effect: 'write_once' }] });
    expect(lines.filter((line) => line['kind'] === 'decision')).toEqual([
      { kind: 'decision', toolCallId: (approvals[0]!['calls'] as Array<{ id: string }>)[0]!.id, name: 'save_note', approve: true },
    ]);
    expect(lines.at(-1)).toEqual({ kind: 'notice', code: 'approval_unanswered', message: 'The input ended before an answer: save_note did not run.' });
    expect(code).toBe(1);
    expect(await notes()).toBe('one\n');
  });
});
