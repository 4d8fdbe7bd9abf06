import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNoteTakingResponder, SAVE_NOTE } from '../../examples/web-chat/note-model.js';
import { createSession, defineTool } from '../../src/index.js';
import { getWeather } from '../../tools/index.js';
import { scriptedModel } from '../support/scripted-model.js';

function noteTaking() {
  const notes: string[] = [];
  const saveNote = defineTool({
    name: SAVE_NOTE,
    description: 'Saves a note.',
    parameters: z.object({ text: z.string().min(1) }),
    effect: 'write_once',
    needsApproval: true,
    execute: ({ text }) => ({ saved: true, text, count: notes.push(text) }),
  });
  return { notes, tools: [saveNote, getWeather] };
}

async function noteSession() {
  const { client } = await scriptedModel(createNoteTakingResponder());
  const { notes, tools } = noteTaking();
  return { notes, session: createSession({ client, model: 'toolcycle-offline', tools }) };
}

describe('the web chat example model: the demo model plus notes that need approval', () => {
  it('asks to save a note, waits for approval, and confirms once it ran', async () => {
    const { notes, session } = await noteSession();
    const waiting = await session.ask('Save a note: buy milk');
    expect(waiting.stopReason).toBe('approval_required');
    expect(waiting.pendingApprovals).toEqual([expect.objectContaining({ name: SAVE_NOTE, arguments: { text: 'buy milk' } })]);
    expect(notes).toEqual([]);

    const done = await session.decide({ [waiting.pendingApprovals[0]!.id]: { approve: true } });
    expect(notes).toEqual(['buy milk']);
    expect(done.content).toBe('[offline demo model] Saved your note “buy milk” (1 note now).');
  });

  it('says so when the person declines, with their reason, and saves nothing', async () => {
    const { notes, session } = await noteSession();
    const waiting = await session.ask('note that the bus leaves at 9');
    const done = await session.decide({ [waiting.pendingApprovals[0]!.id]: { approve: false, reason: 'not now' } });
    expect(notes).toEqual([]);
    expect(done.content).toBe('[offline demo model] I did not save the note: you declined (“not now”).');
  });

  it('understands Chinese and answers in Chinese', async () => {
    const { notes, session } = await noteSession();
    const waiting = await session.ask('记一下：明天开会');
    expect(waiting.pendingApprovals[0]?.arguments).toEqual({ text: '明天开会' });
    const done = await session.decide({ [waiting.pendingApprovals[0]!.id]: { approve: true } });
    expect(notes).toEqual(['明天开会']);
    expect(done.content).toBe('[离线演示模型] 已保存笔记“明天开会”（共 1 条）。');
  });

  it('leaves everything else to the demo model: weather in two cities is two parallel calls', async () => {
    const { session } = await noteSession();
    const result = await session.ask('What is the weather in Paris and Tokyo?');
    expect(result.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Tokyo' }],
    ]);
    expect(result.content).toMatch(/Paris[\s\S]*Tokyo/);
  });

  it('says it cannot save a note when no save_note tool is offered', async () => {
    const { client } = await scriptedModel(createNoteTakingResponder());
    const session = createSession({ client, model: 'toolcycle-offline', tools: [getWeather] });
    expect((await session.ask('Save a note: buy milk')).content).toBe('[offline demo model] I have no tool to save notes with here.');
  });
});
