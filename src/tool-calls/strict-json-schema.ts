/**
 * OpenAI strict mode (`strict: true`) wants every property listed in `required` and
 * `additionalProperties: false` on every object. zod's optional fields (`unit?: ...`) are the natural
 * way to write tool parameters, and openai-node's own `zodFunction` helper refuses them, so we do the
 * documented translation ourselves: an optional property becomes required and nullable, and a `null`
 * the model sends for it is turned back into "absent" before zod validates the arguments.
 */
export type JsonSchema = { [key: string]: unknown };

/**
 * Keywords outside the subset strict mode accepts for strings; we drop them from the wire schema
 * (zod still enforces them on our side, and a violation comes back to the model as a tool error).
 */
const UNSUPPORTED_IN_STRICT = new Set(['minLength', 'maxLength']);

export interface StrictSchemaResult {
  schema: JsonSchema;
  /** False when the schema cannot be expressed strictly (open records, loose objects); sent non-strict. */
  strict: boolean;
}

export function toStrictJsonSchema(schema: JsonSchema): StrictSchemaResult {
  let strict = true;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema' || UNSUPPORTED_IN_STRICT.has(key)) continue;
      out[key] = key === 'properties' && isObject(value) ? mapValues(value, visit) : visit(value);
    }
    if (out.type === 'object') {
      const properties = isObject(out.properties) ? out.properties : {};
      const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
      for (const key of Object.keys(properties)) {
        if (!required.has(key) && !allowsNull(properties[key])) properties[key] = nullable(properties[key]);
      }
      out.properties = properties;
      out.required = Object.keys(properties);
      if (out.additionalProperties !== undefined && out.additionalProperties !== false) strict = false;
      out.additionalProperties = false;
    }
    return out;
  };
  const converted = visit(schema) as JsonSchema;
  if (strict) return { schema: converted, strict };
  const { $schema: _ignored, ...plain } = schema;
  return { schema: plain, strict };
}

/**
 * Undo the translation above: drop `null` where the original schema marks the property optional and
 * does not itself accept null. Walks the original (non-strict) schema next to the value.
 */
export function dropNullsForOptionalProperties(value: unknown, schema: unknown): unknown {
  if (!isObject(schema)) return value;
  if (Array.isArray(value) && isObject(schema.items)) {
    return value.map((item) => dropNullsForOptionalProperties(item, schema.items));
  }
  if (!isObject(value) || !isObject(schema.properties)) return value;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (item === null && propertySchema !== undefined && !required.has(key) && !allowsNull(propertySchema)) continue;
    out[key] = dropNullsForOptionalProperties(item, propertySchema);
  }
  return out;
}

/** The description stays on the property itself, where the model looks for it. */
function nullable(schema: unknown): JsonSchema {
  if (!isObject(schema)) return { anyOf: [schema, { type: 'null' }] };
  const { description, ...rest } = schema;
  return description === undefined ? { anyOf: [rest, { type: 'null' }] } : { description, anyOf: [rest, { type: 'null' }] };
}

function allowsNull(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  const unions = [schema.anyOf, schema.oneOf].filter(Array.isArray).flat();
  return unions.some(allowsNull);
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(record: JsonSchema, fn: (value: unknown) => unknown): JsonSchema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}
