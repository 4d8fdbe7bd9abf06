import { describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';

const same = (id: string) => ({ toolCalls: [{ id, name: 'echo', arguments: { text: 'again' } }] });

describe.each(WIRE_MODES)('loop diagnosis ($name)', (mode) => {
  it('the same call asked again is answered once with the earlier result, and at the limit the turn stops as loop_detected', async () => {
    let runs = 0;
    const { newSession, bodies } = await wireModel(mode, [same('r1'), same('r2'), same('r3'), { content: 'I will stop asking.' }]);
    const session = newSession({ model: 'm', tools: [echoTool('echo', () => ({ run: (runs += 1) }))] });
    const result = await session.ask('loop please');

    expect(runs).toBe(1);
    expect(result).toMatchObject({ content: 'I will stop asking.', stopReason: 'loop_detected', steps: 3 });
    expect(result.toolCalls.map((call) => call.error?.kind ?? 'ran')).toEqual(['ran', 'repeated_call', 'loop_detected']);
    const answers = session.messages.filter((message) => message.role === 'tool').map((message) => JSON.parse(String(message.content)) as unknown);
    expect(answers[1]).toMatchObject({ error: { kind: 'repeated_call', previousContent: '{"run":1}', message: expect.stringContaining('repeats r1') } });
    expect(bodies().map((body) => body.tool_choice)).toEqual([undefined, undefined, undefined, 'none']);
    expect(findConversationProblem(session.messages)).toBeUndefined();
  });

  it('arguments are compared as JSON: key order and spacing do not hide a repeat', async () => {
    const { newSession } = await wireModel(mode, [
      { toolCalls: [{ id: 'a', name: 'echo', arguments: '{"text": "x", "n": 1}' }] },
      { toolCalls: [{ id: 'b', name: 'echo', arguments: '{"n":1,"text":"x"}' }] },
      { content: 'ok' },
    ]);
    const session = newSession({ model: 'm', tools: [echoTool()] });
    const result = await session.ask('go');
    expect(result.toolCalls.map((call) => call.error?.kind ?? 'ran')).toEqual(['ran', 'repeated_call']);
  });

  it('a configurable limit, and 0 turns the check off', async () => {
    const { newSession } = await wireModel(mode, [same('r1'), same('r2'), same('r3'), { content: 'fine' }]);
    let runs = 0;
    const session = newSession({ model: 'm', loopLimit: 0, tools: [echoTool('echo', () => (runs += 1))] });
    expect(await session.ask('go')).toMatchObject({ stopReason: 'stop', content: 'fine' });
    expect(runs).toBe(3);

    const second = await wireModel(mode, [same('s1'), same('s2'), { content: 'stopped' }]);
    const strict = second.newSession({ model: 'm', loopLimit: 2, tools: [echoTool()] });
    expect(await strict.ask('go')).toMatchObject({ stopReason: 'loop_detected', content: 'stopped' });
  });

  it.each([1, -1, 2.5])('loopLimit %s is an InvalidTurnError', async (loopLimit) => {
    const { newSession } = await wireModel(mode, []);
    await expect(newSession({ model: 'm', loopLimit }).ask('hi')).rejects.toMatchObject({ reason: 'invalid_options' });
  });
});
