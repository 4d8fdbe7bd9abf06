import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSession, defineTool, ToolDefinitionError } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

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
