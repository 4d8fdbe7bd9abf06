import { isRecord } from './json-value.js';

/**
 * Structured Outputs (`strict: true`) only accepts closed object schemas: every object must
 * forbid extra keys and require all of its properties. Returns the first violation in the
 * API's own wording, or undefined when the schema is acceptable.
 */
export function findStrictSchemaViolation(schema: unknown): string | undefined {
  return visit(schema, []);
}

function formatContext(path: readonly string[]): string {
  return `context=(${path.map((part) => `'${part}'`).join(', ')})`;
}

function isObjectSchema(schema: Record<string, unknown>): boolean {
  const type = schema['type'];
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || isRecord(schema['properties']);
}

function visit(schema: unknown, path: readonly string[]): string | undefined {
  if (!isRecord(schema)) return undefined;

  if (isObjectSchema(schema)) {
    if (schema['additionalProperties'] !== false) {
      return `In ${formatContext(path)}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    const required = schema['required'];
    const requiredList = Array.isArray(required) ? required : [];
    const missing = Object.keys(properties).filter((key) => !requiredList.includes(key));
    if (!Array.isArray(required) || missing.length > 0) {
      const detail = missing.length > 0 ? ` Missing '${missing[0]}'.` : '';
      return `In ${formatContext(path)}, 'required' is required to be supplied and to be an array including every key in properties.${detail}`;
    }
    for (const [key, child] of Object.entries(properties)) {
      const found = visit(child, [...path, 'properties', key]);
      if (found) return found;
    }
  }

  const items = schema['items'];
  if (Array.isArray(items)) {
    for (const [i, child] of items.entries()) {
      const found = visit(child, [...path, 'items', String(i)]);
      if (found) return found;
    }
  } else {
    const found = visit(items, [...path, 'items']);
    if (found) return found;
  }

  for (const keyword of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    for (const [i, child] of members.entries()) {
      const found = visit(child, [...path, keyword, String(i)]);
      if (found) return found;
    }
  }

  for (const keyword of ['$defs', 'definitions'] as const) {
    const definitions = schema[keyword];
    if (!isRecord(definitions)) continue;
    for (const [name, child] of Object.entries(definitions)) {
      const found = visit(child, [...path, keyword, name]);
      if (found) return found;
    }
  }
  return undefined;
}
