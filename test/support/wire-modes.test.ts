import { describe, expect, it } from 'vitest';
import { CHAT_MODE, RESPONSES_MODES, WIRE_MODES, wireModel } from './wire-modes.js';

describe('wireModel', () => {
  it.each(WIRE_MODES)('makes sessions that speak the mode’s API, and shows each request as Chat Completions ($name)', async (mode) => {
    const { newSession, bodies, wireBodies, server } = await wireModel(mode, [{ content: 'one' }, { content: 'two' }]);
    const session = newSession({ model: 'm' });
    await session.ask('first');
    await session.ask('second');
    expect((mode.api === 'chat' ? server.requests : server.responsesRequests).length).toBe(2);
    expect(wireBodies()).toHaveLength(2);
    expect(wireBodies()[1]).toMatchObject(mode.api === 'chat' ? { messages: expect.any(Array) } : { store: mode.serverState, input: expect.any(Array) });
    // With server state the assistant message is the server's own output item, whose text comes as content parts.
    expect(bodies()[1]!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(bodies()[1]!.messages.at(-1)).toEqual({ role: 'user', content: 'second' });
  });

  it.each(RESPONSES_MODES)('will not hide a Responses request the server rejected ($name)', async (mode) => {
    const { client, bodies } = await wireModel(mode, [{ content: 'never' }]);
    await expect(client.responses.create({ model: 'm', input: [{ type: 'function_call_output', call_id: 'nobody', output: 'x' }] })).rejects.toThrow(/400/);
    expect(() => bodies()).toThrow(/rejected 1 Responses request/);
  });

  it('will not pass off a request to the other endpoint as the mode’s', async () => {
    const { client, bodies } = await wireModel(CHAT_MODE, [{ content: 'over Responses' }]);
    await client.responses.create({ model: 'm', input: 'hi' });
    expect(() => bodies()).toThrow(/other API's endpoint/);
  });
});
