import { toStrictJsonSchema, type JsonSchema } from '../tool-definition/strict-json-schema.js';

export interface WireSchema {
  /** What the API receives as the function's `parameters`. */
  parameters: JsonSchema;
  strict: boolean;
  /** Why the tool is sent non-strict; null when it is strict. */
  strictReason: string | null;
}

/** Keywords strict mode accepts (OpenAI's "supported schemas"), besides the structural ones walked below. */
const STRICT_KEYWORDS = new Set([
  'type', 'description', 'title', 'enum', 'const', 'required', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems',
  // Dropped from the wire by toStrictJsonSchema and checked on our side against the server's schema.
  '$schema', 'minLength', 'maxLength',
]);
/**
 * Annotations that constrain nothing: left out of a strict schema, where the API may reject them.
 * A `default` still applies: an optional property the model sends as null is left out of the call,
 * and the server fills in its default.
 */
const ANNOTATIONS = new Set(['default', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
const STRICT_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/**
 * An MCP input schema as an OpenAI function's parameters: strict when strict mode can express it,
 * otherwise the server's schema as it is (without `$schema`), with the reason. Strict mode is only
 * a guarantee of shape; the arguments are checked against the server's own schema either way.
 *
 * Unlike a zod schema, an MCP schema is anyone's JSON Schema, so before the translation shared with
 * `defineTool` this checks what that translation takes for granted: every node has a type, no
 * keyword outside strict mode's subset, no free-form objects (closing them would forbid every key),
 * and references only into `$defs` (the only ones the null-dropping after strict mode follows).
 */
export function wireSchema(inputSchema: JsonSchema): WireSchema {
  let reason: string | null = null;
  const refuse = (path: string, why: string) => {
    reason ??= `${path || 'the schema'} ${why}`;
  };
  const defs = isObject(inputSchema.$defs) ? inputSchema.$defs : {};

  const prepare = (node: unknown, path: string, isRoot: boolean): unknown => {
    if (!isObject(node)) {
      refuse(path, 'is not a schema object (true/false schemas are not supported in strict mode)');
      return node;
    }
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (ANNOTATIONS.has(key)) continue;
      if (key === 'properties' || (key === '$defs' && isRoot)) {
        out[key] = isObject(value) ? mapValues(value, (child, name) => prepare(child, `${at}.${name}`, false)) : value;
      } else if (key === 'anyOf' || key === 'oneOf') {
        out[key] = Array.isArray(value) ? value.map((child, index) => prepare(child, `${at}.${index}`, false)) : value;
      } else if (key === 'items') {
        if (Array.isArray(value)) refuse(at, 'is a tuple, which strict mode does not support');
        out[key] = prepare(value, at, false);
      } else if (key === 'additionalProperties') {
        if (value !== false) refuse(path, 'accepts additional properties (a map or an open object), which strict mode cannot express');
        out[key] = value;
      } else if (key === '$ref') {
        const match = typeof value === 'string' ? /^#\/\$defs\/([^/]+)$/.exec(value) : null;
        if (value !== '#' && !(match && Object.hasOwn(defs, match[1]!))) refuse(path, `refers to ${JSON.stringify(value)}; only "#" and "#/$defs/…" can be sent strict`);
        out[key] = value;
      } else if (key === 'format') {
        if (!STRICT_FORMATS.has(value as string)) refuse(path, `has format ${JSON.stringify(value)}, which strict mode does not support`);
        out[key] = value;
      } else {
        if (!STRICT_KEYWORDS.has(key) || (key === '$schema' && !isRoot)) refuse(path, `uses "${key}", which strict mode does not support`);
        out[key] = value;
      }
    }
    if (node.type === undefined && node.anyOf === undefined && node.oneOf === undefined && node.$ref === undefined) {
      refuse(path, 'has no type (it accepts any JSON value), which strict mode cannot express');
    } else if (Array.isArray(node.type) && (node.type.includes('object') || node.type.includes('array'))) {
      refuse(path, 'lists several types including object or array; strict mode needs anyOf for that');
    }
    if (node.type === 'object') {
      const properties = isObject(node.properties) ? Object.keys(node.properties) : [];
      if (!isRoot && properties.length === 0 && node.additionalProperties !== false) {
        refuse(path, 'is a free-form object (no properties listed), which strict mode cannot express');
      }
      const undescribed = (Array.isArray(node.required) ? node.required : []).find((key) => !properties.includes(key as string));
      if (undescribed !== undefined) refuse(path, `requires ${JSON.stringify(undescribed)} without describing it`);
    }
    return out;
  };

  const prepared = prepare(inputSchema, '', true) as JsonSchema;
  const asSent = withoutSchemaKeyword(inputSchema);
  if (reason !== null) return { parameters: asSent, strict: false, strictReason: reason };
  const strict = toStrictJsonSchema(prepared);
  return strict.strict
    ? { parameters: strict.schema, strict: true, strictReason: null }
    : { parameters: asSent, strict: false, strictReason: strict.reason };
}

function withoutSchemaKeyword(schema: JsonSchema): JsonSchema {
  const { $schema: _dropped, ...rest } = schema;
  return rest;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(record: JsonSchema, fn: (value: unknown, key: string) => unknown): JsonSchema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value, key)]));
}
