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
  /** Why not strict, for the one who defined the tool. */
  reason: string | null;
}

export function toStrictJsonSchema(schema: JsonSchema): StrictSchemaResult {
  let reason: string | null = null;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema' || UNSUPPORTED_IN_STRICT.has(key)) continue;
      // Strict mode knows `anyOf` only; zod validates the exclusivity of a `oneOf` on our side.
      const outKey = key === 'oneOf' ? 'anyOf' : key;
      out[outKey] = (key === 'properties' || key === '$defs') && isObject(value) ? mapValues(value, visit) : visit(value);
    }
    if (out.type === 'object') {
      const properties = isObject(out.properties) ? out.properties : {};
      const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
      for (const key of Object.keys(properties)) {
        if (!required.has(key) && !allowsNull(properties[key])) properties[key] = nullable(properties[key]);
      }
      out.properties = properties;
      out.required = Object.keys(properties);
      if (out.additionalProperties !== undefined && out.additionalProperties !== false) {
        reason ??= 'an object accepts additional properties (a record or a loose object), which strict mode cannot express';
      }
      out.additionalProperties = false;
    }
    return out;
  };
  const converted = visit(schema) as JsonSchema;
  if (reason === null) return { schema: converted, strict: true, reason };
  const { $schema: _ignored, ...plain } = schema;
  return { schema: plain, strict: false, reason };
}

/**
 * Undo the translation above: drop `null` where the original schema marks the property optional and
 * does not itself accept null. Walks the original (non-strict) schema next to the value, through
 * unions (the branch the value fits), `$ref`s (recursive schemas) and nullable objects.
 */
export function dropNullsForOptionalProperties(value: unknown, schema: unknown, root: unknown = schema, depth = 0): unknown {
  // A schema can refer to itself: the value, which came from JSON, bounds the walk, and so does this.
  if (depth > 64) return value;
  const node = resolve(schema, root);
  if (!isObject(node)) return value;
  const branches = [node.anyOf, node.oneOf].find(Array.isArray) as unknown[] | undefined;
  if (branches) {
    if (value === null) return value;
    const candidates = branches.map((candidate) => resolve(candidate, root)).filter((candidate) => fits(value, candidate, root));
    // Of the branches the value could be, the one that names all of its keys (zod picks the same).
    const branch = candidates.find((candidate) => namesEveryKey(value, candidate)) ?? candidates[0];
    return branch === undefined ? value : dropNullsForOptionalProperties(value, branch, root, depth + 1);
  }
  if (Array.isArray(node.allOf)) {
    return node.allOf.reduce((current, part) => dropNullsForOptionalProperties(current, part, root, depth + 1), value);
  }
  if (Array.isArray(value)) {
    return isObject(node.items) ? value.map((item) => dropNullsForOptionalProperties(item, node.items, root, depth + 1)) : value;
  }
  if (!isObject(value) || !isObject(node.properties)) return value;
  const properties = node.properties;
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (item === null && propertySchema !== undefined && !required.has(key) && !allowsNull(resolve(propertySchema, root))) continue;
    out[key] = dropNullsForOptionalProperties(item, propertySchema, root, depth + 1);
  }
  return out;
}

/** Whether a value could be an instance of a union branch: its JSON type, and the branch's constant (discriminator) properties. */
function fits(value: unknown, branch: unknown, root: unknown): boolean {
  if (!isObject(branch)) return false;
  if (Array.isArray(branch.anyOf) || Array.isArray(branch.oneOf)) return true;
  const types = Array.isArray(branch.type) ? branch.type : branch.type === undefined ? [] : [branch.type];
  if (types.length > 0 && !types.some((type) => jsonTypeMatches(value, type))) return false;
  if (!isObject(value) || !isObject(branch.properties)) return true;
  const properties = branch.properties;
  for (const key of Object.keys(value)) if (!Object.hasOwn(properties, key) && branch.additionalProperties === false) return false;
  const required = Array.isArray(branch.required) ? (branch.required as string[]) : [];
  const missing = (key: string) => value[key] === undefined || (value[key] === null && !allowsNull(resolve(properties[key], root)));
  if (required.some(missing)) return false;
  return Object.entries(properties).every(([key, property]) => {
    if (!isObject(property)) return true;
    if (property.const !== undefined) return value[key] === property.const;
    if (Array.isArray(property.enum) && value[key] !== undefined && value[key] !== null) return property.enum.includes(value[key]);
    return true;
  });
}

function namesEveryKey(value: unknown, branch: unknown): boolean {
  if (!isObject(value) || !isObject(branch) || !isObject(branch.properties)) return true;
  const properties = branch.properties;
  return Object.keys(value).every((key) => Object.hasOwn(properties, key));
}

function jsonTypeMatches(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/** `#` is the root (zod's self-reference); `#/$defs/Name` a definition. Other references are left alone. */
function resolve(schema: unknown, root: unknown): unknown {
  if (!isObject(schema) || typeof schema.$ref !== 'string') return schema;
  if (schema.$ref === '#') return root;
  const match = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
  const defs = isObject(root) && isObject(root.$defs) ? root.$defs : undefined;
  return match && defs && Object.hasOwn(defs, match[1]!) ? defs[match[1]!] : schema;
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
