import { describe, expect, it } from 'vitest';
import { wireSchema } from '../../src/mcp/mcp-wire-schema.js';
import { findStrictSchemaViolation } from '../../src/offline-model/strict-schema.js';

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

describe('MCP input schemas as OpenAI parameters', () => {
  it('sends a schema strict mode can express strict, without annotations strict mode may refuse', () => {
    const result = wireSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...object(
        {
          query: { type: 'string', minLength: 1, description: 'What to find' },
          limit: { type: 'integer', default: 10, examples: [5] },
          kind: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
          when: { type: 'string', format: 'date-time' },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
          filter: { $ref: '#/$defs/Filter' },
        },
        { required: ['query'], $defs: { Filter: object({ field: { type: 'string' } }, { required: ['field'] }) } },
      ),
    });
    expect(result.strict).toBe(true);
    expect(result.strictReason).toBeNull();
    expect(findStrictSchemaViolation(result.parameters)).toBeUndefined();
    expect(result.parameters).toMatchObject({
      required: ['query', 'limit', 'kind', 'when', 'tags', 'filter'],
      additionalProperties: false,
      properties: { limit: { anyOf: [{ type: 'integer' }, { type: 'null' }] }, query: { type: 'string', description: 'What to find' } },
    });
    expect(JSON.stringify(result.parameters)).not.toMatch(/default|examples|minLength|\$schema/);
  });

  it('closes the root object of a tool without arguments', () => {
    expect(wireSchema({ type: 'object' })).toEqual({
      parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
      strict: true,
      strictReason: null,
    });
  });

  it.each([
    ['a map', object({ labels: { type: 'object', additionalProperties: { type: 'string' } } }), 'properties.labels accepts additional properties'],
    ['an open root', object({ a: { type: 'string' } }, { additionalProperties: true }), 'the schema accepts additional properties'],
    ['a free-form object', object({ payload: { type: 'object' } }), 'properties.payload is a free-form object'],
    ['a property without a type', object({ value: { description: 'anything' } }), 'properties.value has no type'],
    ['an unsupported format', object({ url: { type: 'string', format: 'uri' } }), 'properties.url has format "uri"'],
    ['a tuple', object({ pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } }), 'properties.pair.items is a tuple'],
    ['allOf', object({ a: { allOf: [{ type: 'string' }] } }), 'properties.a uses "allOf"'],
    ['a draft-07 definitions reference', object({ a: { $ref: '#/definitions/A' } }, { definitions: { A: { type: 'string' } } }), 'refers to "#/definitions/A"'],
    ['a nullable object as a type list', object({ a: { type: ['object', 'null'], properties: {} } }), 'lists several types'],
    ['a required property it does not describe', object({ a: { type: 'string' } }, { required: ['a', 'b'] }), 'requires "b" without describing it'],
  ])('sends %s non-strict, as the server wrote it, and says why', (_, schema, reason) => {
    const result = wireSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema });
    expect(result.strict).toBe(false);
    expect(result.strictReason).toContain(reason);
    expect(result.parameters).toEqual(schema);
  });
});
