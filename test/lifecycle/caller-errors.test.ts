import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSession, defineTool, InvalidTurnError, ToolDefinitionError, type RequestParams } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

describe('bad input from the caller', () => {
  it.each(['', '   \n'])('an empty message (%j) is an InvalidTurnError and nothing is sent', async (text) => {
    const { client, bodies } = await scriptedModel([{ content: 'later' }]);
    const session = createSession({ client, model: 'm' });
    await expect(session.ask(text)).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'empty_message' });
    expect(bodies()).toHaveLength(0);
    expect(session.messages).toEqual([]);
    expect((await session.ask('real question')).content).toBe('later');
  });

  it('a missing model is an InvalidTurnError', async () => {
    const { client, bodies } = await scriptedModel([]);
    const session = createSession({ client, model: '' });
    const failure = await session.ask('hi').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidTurnError);
    expect(failure).toMatchObject({ reason: 'missing_model' });
    expect(bodies()).toHaveLength(0);
  });

  it('an invalid maxSteps is an InvalidTurnError', async () => {
    const { client } = await scriptedModel([]);
    const session = createSession({ client, model: 'm', maxSteps: 0 });
    await expect(session.ask('hi')).rejects.toMatchObject({ reason: 'invalid_options' });
  });

  it('a history with an unanswered tool call is rejected before sending', async () => {
    const { client, bodies } = await scriptedModel([]);
    const session = createSession({
      client,
      model: 'm',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'lost', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      ],
    });
    await expect(session.ask('hello?')).rejects.toMatchObject({ reason: 'invalid_history', message: expect.stringContaining('lost') });
    expect(bodies()).toHaveLength(0);
  });

  describe('malformed tool definitions fail at definition time', () => {
    const valid = { description: 'd', parameters: z.object({}), execute: () => 1 };
    it.each(['', 'has space', 'dots.not.allowed', 'x'.repeat(65), 'émoji'])('name %j', (name) => {
      expect(() => defineTool({ ...valid, name })).toThrow(ToolDefinitionError);
    });
    it('non-zod parameters', () => {
      expect(() => defineTool({ ...valid, name: 'a', parameters: { type: 'object' } as unknown as z.ZodObject })).toThrow(/z\.object/);
    });
    it('an empty description', () => {
      expect(() => defineTool({ ...valid, name: 'a', description: ' ' })).toThrow(/description/);
    });
    it('a bad timeout', () => {
      expect(() => defineTool({ ...valid, name: 'a', timeoutMs: -1 })).toThrow(/timeoutMs/);
    });
    it('parameters JSON Schema cannot express', () => {
      expect(() => defineTool({ ...valid, name: 'a', parameters: z.object({ when: z.date() }) })).toThrow(ToolDefinitionError);
    });
    it('duplicate names in one session', async () => {
      const { client } = await scriptedModel([]);
      expect(() => createSession({ client, model: 'm', tools: [echoTool('same'), echoTool('same')] })).toThrow(/registered twice/);
    });
    it('something that is not a defined tool', async () => {
      const { client } = await scriptedModel([]);
      expect(() => createSession({ client, model: 'm', tools: [{ name: 'raw' } as never] })).toThrow(ToolDefinitionError);
    });
  });
});

describe('requestParams that try to set what the lifecycle owns', () => {
  it('are an InvalidTurnError naming the keys, and nothing is sent', async () => {
    const { client, bodies } = await scriptedModel([]);
    const requestParams = { temperature: 0, stream: true, tools: [] } as unknown as RequestParams;
    const session = createSession({ client, model: 'm', requestParams });
    await expect(session.ask('hi')).rejects.toMatchObject({ reason: 'invalid_options', message: expect.stringContaining('cannot set tools, stream') });
    expect(bodies()).toHaveLength(0);
  });
});
