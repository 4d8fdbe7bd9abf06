import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../src/index.js';
import { startOfflineModel } from '../../src/offline-model/index.js';
import { bundledTools, createSaveNoteTool, defaultNotesFile, saveNote } from '../../tools/index.js';
import { toolContext } from './context.js';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});
async function notesFile() {
  const folder = await mkdtemp(join(tmpdir(), 'toolcycle-notes-test-'));
  folders.push(folder);
  return join(folder, 'deeper', 'notes.txt');
}

describe('save_note definition', () => {
  it('is a strict, write-once tool that always needs approval', () => {
    expect(saveNote).toMatchObject({ name: 'save_note', effect: 'write_once', needsApproval: true });
    expect(saveNote.definition.function).toMatchObject({
      name: 'save_note',
      strict: true,
      parameters: { type: 'object', properties: { note: { type: 'string' } }, required: ['note'], additionalProperties: false },
    });
  });

  it('accepts a note of up to 500 characters, and nothing blank', () => {
    expect(saveNote.checkArguments({ note: 'buy milk' })).toEqual({ ok: true, args: { note: 'buy milk' } });
    expect(saveNote.checkArguments({ note: 'x'.repeat(500) }).ok).toBe(true);
    for (const args of [{ note: '' }, { note: '  \n ' }, { note: 'x'.repeat(501) }, { note: 3 }, {}]) {
      expect(saveNote.checkArguments(args).ok).toBe(false);
    }
  });

  it('outside Node (no process.getBuiltinModule, as in a browser) it throws a clear error (the runtime answers it as tool_failed)', async () => {
    const builtins = process.getBuiltinModule;
    Object.assign(process, { getBuiltinModule: undefined });
    try {
      await expect(createSaveNoteTool({ file: await notesFile() }).execute({ note: 'x' }, toolContext())).rejects.toThrow('save_note writes to a file, which needs Node.js.');
    } finally {
      Object.assign(process, { getBuiltinModule: builtins });
    }
  });

  it('writes to $TMPDIR/toolcycle/notes.txt unless given a file', () => {
    expect(defaultNotesFile()).toBe(join(tmpdir(), 'toolcycle', 'notes.txt'));
  });
});

describe('save_note results', () => {
  it('appends one line per note, creating the folder, and says where', async () => {
    const file = await notesFile();
    const tool = createSaveNoteTool({ file });
    expect(await tool.execute({ note: 'buy milk' }, toolContext())).toEqual({ saved: true, note: 'buy milk', file });
    // A note with line breaks stays one line.
    expect(await tool.execute({ note: ' call\n  mum ' }, toolContext())).toEqual({ saved: true, note: 'call mum', file });
    expect(await readFile(file, 'utf8')).toBe('buy milk\ncall mum\n');
  });
});

describe('save_note with the offline demo model', () => {
  const session = async (file: string) => {
    const server = await startOfflineModel();
    const tools = bundledTools.map((tool) => (tool.name === 'save_note' ? createSaveNoteTool({ file }) : tool));
    const chat = createSession({ client: new OpenAI({ baseURL: server.baseURL, apiKey: 'offline' }), model: 'toolcycle-offline', tools });
    return { chat, close: async () => (chat.stop(), await server.close()) };
  };

  it.each([
    ['save a note: buy milk', 'buy milk', (file: string) => `[offline demo model] Saved the note "buy milk" to ${file}.`],
    ['记一下：买牛奶', '买牛奶', (file: string) => `[离线演示模型] 已记下“买牛奶”，保存在 ${file}。`],
    [
      'What is 2+2? Also make a note: "call mum".',
      'call mum',
      (file: string) => `[offline demo model] Here is what I found:\n- 2+2 = 4\n- Saved the note "call mum" to ${file}.`,
    ],
  ])('"%s" asks to save %j, and it is saved once approved', async (question, note, answer) => {
    const file = await notesFile();
    const { chat, close } = await session(file);
    try {
      const asked = await chat.ask(question);
      expect(asked.stopReason).toBe('approval_required');
      expect(asked.pendingApprovals).toEqual([expect.objectContaining({ name: 'save_note', arguments: { note } })]);
      const done = await chat.decide({ [asked.pendingApprovals[0]!.id]: { approve: true } });
      expect(done.content).toBe(answer(file));
      expect(await readFile(file, 'utf8')).toBe(`${note}\n`);
    } finally {
      await close();
    }
  });

  it('answers with the note as edited on approval, and says so when it is declined', async () => {
    const file = await notesFile();
    const { chat, close } = await session(file);
    try {
      const first = await chat.ask('save a note: buy milk');
      const edited = await chat.decide({ [first.pendingApprovals[0]!.id]: { approve: true, arguments: { note: 'buy oat milk' } } });
      expect(edited.content).toBe(`[offline demo model] Saved the note "buy oat milk" to ${file}.`);
      const second = await chat.ask('记一下：买面包');
      const declined = await chat.decide({ [second.pendingApprovals[0]!.id]: { approve: false, reason: '不用了' } });
      expect(declined.content).toBe('[离线演示模型] 没有记下“买面包”：你拒绝了（原因：不用了）。');
      expect(await readFile(file, 'utf8')).toBe('buy oat milk\n');
    } finally {
      await close();
    }
  });

  it('asks for the text of a note that has none, and does not take "take note of" for a request', async () => {
    const { chat, close } = await session(await notesFile());
    try {
      expect((await chat.ask('save a note')).content).toBe('[offline demo model] To save a note I need its text, for example "save a note: buy milk".');
      const idiom = await chat.ask('I take note of that');
      expect(idiom).toMatchObject({ stopReason: 'stop', pendingApprovals: [], toolCalls: [] });
    } finally {
      await close();
    }
  });

  it('takes a save_note result with other arguments than asked for (edited on approval) as the answer, not a reason to ask again', async () => {
    const server = await startOfflineModel();
    try {
      const completion = await new OpenAI({ baseURL: server.baseURL, apiKey: 'offline', maxRetries: 0 }).chat.completions.create({
        model: 'toolcycle-offline',
        tools: bundledTools.map((tool) => tool.definition),
        messages: [
          { role: 'user', content: 'save a note: buy milk' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'save_note', arguments: '{"note":"buy oat milk"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ saved: true, note: 'buy oat milk', file: '/notes.txt' }) },
        ],
      });
      expect(completion.choices[0]!.message).toMatchObject({ content: '[offline demo model] Saved the note "buy oat milk" to /notes.txt.' });
      expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
