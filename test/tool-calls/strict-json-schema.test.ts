import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../../src/index.js';

const toolWith = (parameters: z.ZodObject) => defineTool({ name: 't', description: 'd', parameters, execute: () => null });

describe('JSON Schema from zod, OpenAI strict-mode compatible', () => {
  it('makes every property required, optional ones nullable, and closes every object', () => {
    const tool = toolWith(
      z.object({
        city: z.string().describe('City'),
        unit: z.enum(['c', 'f']).optional().describe('Unit'),
        nested: z.object({ a: z.number(), b: z.boolean().optional() }),
        list: z.array(z.object({ id: z.string() })),
      }),
    );
    expect(tool.definition.function.strict).toBe(true);
    expect(tool.definition.function.parameters).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City' },
        unit: { description: 'Unit', anyOf: [{ type: 'string', enum: ['c', 'f'] }, { type: 'null' }] },
        nested: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { anyOf: [{ type: 'boolean' }, { type: 'null' }] } },
          required: ['a', 'b'],
          additionalProperties: false,
        },
        list: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
        },
      },
      required: ['city', 'unit', 'nested', 'list'],
      additionalProperties: false,
    });
  });

  it('turns nulls for optional fields back into absent ones, at any depth, but keeps real nullables', () => {
    const tool = toolWith(
      z.object({
        note: z.string().nullable(),
        nested: z.object({ b: z.boolean().optional() }),
        items: z.array(z.object({ tag: z.string().optional() })),
      }),
    );
    expect(tool.checkArguments({ note: null, nested: { b: null }, items: [{ tag: null }, { tag: 'x' }] })).toEqual({
      ok: true,
      args: { note: null, nested: {}, items: [{}, { tag: 'x' }] },
    });
  });

  it('falls back to a non-strict schema for open records, which strict mode cannot express', () => {
    const tool = toolWith(z.object({ labels: z.record(z.string(), z.string()) }));
    expect(tool.definition.function.strict).toBe(false);
    expect(tool.definition.function.parameters).not.toHaveProperty('$schema');
  });

  it('keeps length bounds out of the wire schema but still enforces them', () => {
    const tool = toolWith(z.object({ code: z.string().min(2).max(3) }));
    expect(JSON.stringify(tool.definition)).not.toMatch(/minLength|maxLength/);
    expect(tool.checkArguments({ code: 'x' })).toMatchObject({ ok: false, issues: [{ path: 'code' }] });
  });
});
