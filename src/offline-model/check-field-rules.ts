import { invalidRequest, type ApiError } from './api-error.js';
import type { DiscriminatedRule, FieldRule, ObjectRule } from './field-rules.js';
import { isRecord, type JsonRecord } from './json-value.js';

/**
 * Walks `value` against `rule` and returns the first violation as the 400 the API would send,
 * or undefined when the value conforms. `path` is the API's `param` notation: `a.b[0].c`.
 */
export function findRuleViolation(value: unknown, rule: FieldRule, path: string): ApiError | undefined {
  if (!hasJsonType(value, rule)) return typeMismatch(value, describeExpected(rule), path);
  // From here on the JSON type is known to match, which the casts below restate for the compiler.
  switch (rule.kind) {
    case 'any':
    case 'boolean':
      return undefined;
    case 'nullable':
      return value === null ? undefined : findRuleViolation(value, rule.rule, path);
    case 'oneOf': {
      // Like the API, narrow the branches by JSON type first, so the error speaks about the branch the client meant.
      const violations = rule.options
        .filter((option) => hasJsonType(value, option))
        .map((option) => findRuleViolation(value, option, path));
      return violations.includes(undefined) ? undefined : violations[0];
    }
    case 'discriminated':
      return checkDiscriminated(value as JsonRecord, rule, path);
    case 'object':
      return checkObject(value as JsonRecord, rule, path);
    case 'array':
      return checkArray(value as unknown[], rule, path);
    case 'string':
      return checkString(value as string, rule, path);
    case 'integer':
    case 'number':
      return checkRange(value as number, rule, path);
  }
}

function checkDiscriminated(value: JsonRecord, rule: DiscriminatedRule, path: string): ApiError | undefined {
  const { discriminator, options, universe } = rule;
  const at = join(path, discriminator);
  const tag = value[discriminator] ?? rule.implied;
  if (tag === undefined) return missing(at);
  const match = options.find((option) => tagsOf(option, discriminator).includes(tag as string));
  if (match) return match.kind === 'object' ? checkObject(value, match, path) : checkDiscriminated(value, match, path);
  if (typeof tag !== 'string') return typeMismatch(tag, 'a string', at);
  const allowed = options.flatMap((option) => tagsOf(option, discriminator));
  if (universe?.includes(tag)) return unsupportedValue(tag, allowed, path);
  return unsupportedValue(tag, universe ?? allowed, at);
}

/** The values of `discriminator` that select `option`. */
function tagsOf(option: ObjectRule | DiscriminatedRule, discriminator: string): readonly string[] {
  if (option.kind === 'discriminated') return [...new Set(option.options.flatMap((inner) => tagsOf(inner, discriminator)))];
  const member = option.properties[discriminator];
  return member?.kind === 'string' ? (member.enum ?? []) : [];
}

function checkObject(value: JsonRecord, rule: ObjectRule, path: string): ApiError | undefined {
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(rule.properties, key) || rule.additionalProperties === true) continue;
    const at = join(path, key);
    if (rule.additionalProperties === false) return invalidRequest(`Unknown parameter: '${at}'.`, at, 'unknown_parameter');
    const violation = findRuleViolation(value[key], rule.additionalProperties, at);
    if (violation) return violation;
  }
  for (const [key, member] of Object.entries(rule.properties)) {
    const at = join(path, key);
    if (value[key] === undefined) {
      if (rule.required.includes(key)) return missing(at);
      continue;
    }
    const violation = findRuleViolation(value[key], member, at);
    if (violation) return violation;
  }
  return undefined;
}

function checkArray(value: readonly unknown[], rule: Extract<FieldRule, { kind: 'array' }>, path: string): ApiError | undefined {
  const length = lengthViolation('array', value.length, rule.minItems, rule.maxItems, path);
  if (length) return length;
  for (const [index, item] of value.entries()) {
    const violation = findRuleViolation(item, rule.items, `${path}[${index}]`);
    if (violation) return violation;
  }
  return undefined;
}

/** The API's wording for an array or a string that is too short, empty or too long. */
function lengthViolation(kind: 'array' | 'string', length: number, min: number | undefined, max: number | undefined, path: string): ApiError | undefined {
  if (min !== undefined && length < min) {
    return length === 0
      ? invalidRequest(`Invalid '${path}': empty ${kind}. Expected an ${kind === 'array' ? 'array' : 'string'} with minimum length ${min}, but got an empty ${kind} instead.`.replace('an string', 'a string'), path, `empty_${kind}`)
      : invalidRequest(
          `Invalid '${path}': ${kind} too short. Expected ${kind === 'array' ? 'an array' : 'a string'} with minimum length ${min}, but got ${kind === 'array' ? 'an array' : 'a string'} with length ${length} instead.`,
          path,
          `${kind}_below_min_length`,
        );
  }
  if (max !== undefined && length > max) {
    return invalidRequest(
      `Invalid '${path}': ${kind} too long. Expected ${kind === 'array' ? 'an array' : 'a string'} with maximum length ${max}, but got ${kind === 'array' ? 'an array' : 'a string'} with length ${length} instead.`,
      path,
      `${kind}_above_max_length`,
    );
  }
  return undefined;
}

function checkString(value: string, rule: Extract<FieldRule, { kind: 'string' }>, path: string): ApiError | undefined {
  if (rule.enum && !rule.enum.includes(value)) return unsupportedValue(value, rule.enum, path);
  const length = lengthViolation('string', value.length, rule.minLength, rule.maxLength, path);
  if (length) return length;
  if (rule.pattern && !rule.pattern.test(value)) {
    return invalidRequest(
      `Invalid '${path}': string does not match pattern. Expected a string that matches the pattern '${rule.pattern.source}'.`,
      path,
      'invalid_value',
    );
  }
  return undefined;
}

function checkRange(value: number, rule: Extract<FieldRule, { kind: 'integer' | 'number' }>, path: string): ApiError | undefined {
  const noun = rule.kind === 'integer' ? 'integer' : 'decimal';
  if (rule.minimum !== undefined && value < rule.minimum) {
    return invalidRequest(
      `Invalid '${path}': ${noun} below minimum value. Expected a value >= ${rule.minimum}, but got ${value} instead.`,
      path,
      `${noun}_below_min_value`,
    );
  }
  if (rule.maximum !== undefined && value > rule.maximum) {
    return invalidRequest(
      `Invalid '${path}': ${noun} above maximum value. Expected a value <= ${rule.maximum}, but got ${value} instead.`,
      path,
      `${noun}_above_max_value`,
    );
  }
  return undefined;
}

/** Whether `value` has the JSON type `rule` expects, ignoring every finer constraint. */
function hasJsonType(value: unknown, rule: FieldRule): boolean {
  switch (rule.kind) {
    case 'any':
      return true;
    case 'nullable':
      return value === null || hasJsonType(value, rule.rule);
    case 'oneOf':
      return rule.options.some((option) => hasJsonType(value, option));
    case 'object':
    case 'discriminated':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function describeExpected(rule: FieldRule): string {
  switch (rule.kind) {
    case 'any':
      return 'any value';
    case 'nullable':
      // The API leaves null out of its "expected …" wording.
      return describeExpected(rule.rule);
    case 'oneOf':
      return `one of ${rule.options.map(describeExpected).join(' or ')}`;
    case 'object':
    case 'discriminated':
      return 'an object';
    case 'array':
      return rule.items.kind === 'object' || rule.items.kind === 'discriminated' ? 'an array of objects' : 'an array';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function typeMismatch(value: unknown, expected: string, path: string): ApiError {
  return invalidRequest(
    `Invalid type for '${path}': expected ${expected}, but got ${describeValue(value)} instead.`,
    path,
    'invalid_type',
  );
}

function missing(path: string): ApiError {
  return invalidRequest(`Missing required parameter: '${path}'.`, path, 'missing_required_parameter');
}

function unsupportedValue(value: string, supported: readonly string[], path: string): ApiError {
  const quoted = supported.map((option) => `'${option}'`);
  const list = quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
  return invalidRequest(`Invalid value: '${value}'. Supported values are: ${list}.`, path, 'invalid_value');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
