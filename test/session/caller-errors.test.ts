import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, InvalidTurnError, type RequestParams } from '../../src/index.js';
import { CHAT_MODE, RESPONSES_MODES, WIRE_MODES, wireModel } from '../support/wire-modes.js';

describe.each(WIRE_MODES)('bad input from the caller ($name)', (mode) => {
  it.each(['', '   \n'])('an empty message (%j) is an InvalidTurnError and nothing is sent', async (text) => {
    const { newSession, bodies } = await wireModel(mode, [{ content: 'later' }]);
    const session = newSession({ model: 'm' });
    await expect(session.ask(text)).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'empty_message' });
    expect(bodies()).toHaveLength(0);
    expect(session.messages).toEqual([]);
    expect((await session.ask('real question')).content).toBe('later');
  });

  it('a missing model is an InvalidTurnError', async () => {
    const { newSession, bodies } = await wireModel(mode, []);
    const session = newSession({ model: '' });
    const failure = await session.ask('hi').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidTurnError);
    expect(failure).toMatchObject({ reason: 'missing_model' });
    expect(bodies()).toHaveLength(0);
  });

  it('an invalid maxSteps is an InvalidTurnError', async () => {
    const { newSession } = await wireModel(mode, []);
    const session = newSession({ model: 'm', maxSteps: 0 });
    await expect(session.ask('hi')).rejects.toMatchObject({ reason: 'invalid_options' });
  });

  it('a history with an unanswered tool call is rejected before sending', async () => {
    const { newSession, bodies } = await wireModel(mode, []);
    const session = newSession({
      model: 'm',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'lost', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      ],
    });
    await expect(session.ask('hello?')).rejects.toMatchObject({ reason: 'invalid_history', message: expect.stringContaining('lost') });
    expect(bodies()).toHaveLength(0);
  });

});

describe('requestParams that try to set what the lifecycle owns', () => {
  const requestParams = { temperature: 0, stream: true, tools: [] } as unknown as RequestParams;
  it.each(WIRE_MODES)('are an InvalidTurnError naming the keys, and nothing is sent ($name)', async (mode) => {
    const { newSession, bodies } = await wireModel(mode, []);
    const session = newSession({ model: 'm', requestParams });
    await expect(session.ask('hi')).rejects.toMatchObject({ reason: 'invalid_options', message: expect.stringContaining('cannot set tools, stream') });
    expect(bodies()).toHaveLength(0);
  });
  // The Responses adapter knows which parameters it can carry, so it refuses the rest when the session is created.
  it.each(RESPONSES_MODES)('one the Responses API has no field for is an InvalidOptionsError naming only it ($name)', async (mode) => {
    const { newSession, bodies } = await wireModel(mode, []);
    const mixed = { ...requestParams, seed: 1 } as unknown as RequestParams;
    expect(() => newSession({ model: 'm', requestParams: mixed })).toThrow(InvalidOptionsError);
    expect(() => newSession({ model: 'm', requestParams: mixed })).toThrow('The Responses API has no field for seed: leave them out of requestParams.');
    expect(bodies()).toHaveLength(0);
  });
});

describe.each(WIRE_MODES)('a history the API would reject is an InvalidTurnError before anything is sent ($name)', (mode) => {
  const call = { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } };
  it.each([
    ['a null entry', [null]],
    ['a number entry', [7]],
    ['an unknown role', [{ role: 'robot', content: 'beep' }]],
    ['tool_calls that is not an array', [{ role: 'assistant', content: null, tool_calls: call }]],
    ['an empty tool_calls array', [{ role: 'assistant', content: null, tool_calls: [] }]],
    ['a tool call without a function name', [{ role: 'assistant', content: null, tool_calls: [{ ...call, function: { arguments: '{}' } }] }]],
    ['a tool call with object arguments', [{ role: 'assistant', content: null, tool_calls: [{ ...call, function: { name: 'f', arguments: {} } }] }]],
    ['a user message without content', [{ role: 'user' }]],
    ['a user content part of an unknown type', [{ role: 'user', content: [{ type: 'hologram' }] }]],
    ['an empty content array', [{ role: 'user', content: [] }]],
    ['a tool message without tool_call_id', [{ role: 'tool', content: 'x' }]],
    ['an assistant message with neither content nor calls', [{ role: 'assistant', content: null }]],
    ['content that is a number', [{ role: 'user', content: 5 }]],
    ['a tool answer nobody asked for', [{ role: 'tool', tool_call_id: 'nobody', content: 'x' }]],
  ])('%s', async (_label, messages) => {
    const { newSession, bodies } = await wireModel(mode, [{ content: 'never' }]);
    const session = newSession({ model: 'm', messages: messages as never });
    const error = await session.ask('hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTurnError);
    expect(error).toMatchObject({ reason: 'invalid_history', message: expect.stringContaining('messages[0]') });
    expect(bodies()).toHaveLength(0);
    expect(session.actor.getSnapshot().value).toBe('failed');
  });

  it.each([
    ['an object', {}],
    ['null', null],
    ['a string', 'hello'],
  ])('messages that is %s is a typed error, not a TypeError', async (_label, messages) => {
    const { newSession, bodies } = await wireModel(mode, []);
    const session = newSession({ model: 'm', messages: messages as never });
    await expect(session.ask('hi')).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'invalid_history', message: expect.stringContaining('messages must be an array') });
    expect(bodies()).toHaveLength(0);
  });
});
