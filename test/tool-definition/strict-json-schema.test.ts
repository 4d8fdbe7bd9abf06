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

describe('a strict-mode null for an optional field reads as "absent" everywhere in the schema', () => {
  const Node: z.ZodType<{ name: string; note?: string; children?: unknown[] }> = z.object({
    name: z.string(),
    note: z.string().optional(),
    get children() {
      return z.array(Node).optional();
    },
  });
  const tool = defineTool({
    name: 'everything',
    description: 'Takes every shape.',
    parameters: z.object({
      target: z.union([z.object({ city: z.string(), unit: z.string().optional() }), z.object({ lat: z.number(), lon: z.number(), alt: z.number().optional() })]),
      shape: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('circle'), r: z.number().optional() }),
        z.object({ kind: z.literal('square'), side: z.number().optional() }),
      ]),
      tree: Node,
      opts: z.object({ verbose: z.boolean().optional() }).nullable(),
      list: z.array(z.object({ tag: z.string(), weight: z.number().optional() })),
    }),
    execute: (args) => args,
  });

  it('in unions, discriminated unions, recursive schemas, nullable objects and arrays', () => {
    const checked = tool.checkArguments({
      target: { lat: 1, lon: 2, alt: null },
      shape: { kind: 'square', side: null },
      tree: { name: 'root', note: null, children: [{ name: 'leaf', note: null, children: null }] },
      opts: { verbose: null },
      list: [{ tag: 'a', weight: null }],
    });
    expect(checked).toEqual({
      ok: true,
      args: { target: { lat: 1, lon: 2 }, shape: { kind: 'square' }, tree: { name: 'root', children: [{ name: 'leaf' }] }, opts: {}, list: [{ tag: 'a' }] },
    });
  });

  it('a null that the schema allows stays null, and a null for a required field is still an error', () => {
    expect(tool.checkArguments({ target: { city: 'Oslo', unit: null }, shape: { kind: 'circle', r: null }, tree: { name: 'x' }, opts: null, list: [] })).toMatchObject({
      ok: true,
      args: { opts: null, target: { city: 'Oslo' } },
    });
    expect(tool.checkArguments({ target: { city: null }, shape: { kind: 'circle' }, tree: { name: 'x' }, opts: null, list: [] })).toMatchObject({ ok: false });
  });

  it('the wire schema is strict: oneOf becomes anyOf, every property required, no extra properties', () => {
    const wire = JSON.stringify(tool.definition.function.parameters);
    expect(tool.definition.function.strict).toBe(true);
    expect(wire).not.toContain('oneOf');
    expect(wire).toContain('"$ref":"#/$defs/');
  });
});
