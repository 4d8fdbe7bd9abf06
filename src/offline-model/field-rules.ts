/**
 * A small schema vocabulary for request bodies, named after the OpenAPI keywords it mirrors so
 * the request table (chat-request-rules.ts) reads side by side with OpenAI's own document.
 *
 * Not zod, deliberately: OpenAI reports the *first* violation in its own terms (`param` paths like
 * `messages[1].content[0].type`, codes like `integer_below_min_value`) and picks a oneOf branch by
 * JSON type and discriminator. Zod reports every branch of a failed union, and by the time an issue
 * is reported it has lost whether an expected number was an integer, so translating its issues
 * would need more heuristics than this whole checker (check-field-rules.ts) has lines.
 */
export type FieldRule =
  | { kind: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number; pattern?: RegExp }
  | { kind: 'integer' | 'number'; minimum?: number; maximum?: number }
  | { kind: 'boolean' }
  | { kind: 'array'; items: FieldRule; minItems?: number; maxItems?: number }
  | ObjectRule
  | { kind: 'oneOf'; options: readonly FieldRule[] }
  | DiscriminatedRule
  | { kind: 'nullable'; rule: FieldRule }
  | { kind: 'any' };

export interface DiscriminatedRule {
  kind: 'discriminated';
  discriminator: string;
  /** A nested discriminated option is chosen by every tag its own options carry under this discriminator. */
  options: readonly (ObjectRule | DiscriminatedRule)[];
  /** The tag assumed when the member is absent, where the API defaults it (Responses input items: `message`). */
  implied?: string;
  /**
   * Every tag the API knows at this position, in its order, when that is more than `options` allow here
   * (content part types, of which each message role takes only some). A known tag that is not allowed
   * here is reported against the whole value, listing the allowed ones; an unknown tag against the
   * member, listing all of these, as the Responses API reports content parts.
   */
  universe?: readonly string[];
}

export interface ObjectRule {
  kind: 'object';
  properties: Readonly<Record<string, FieldRule>>;
  required: readonly string[];
  /** false: unknown keys are an `unknown_parameter` error, as the API answers; true: anything goes. */
  additionalProperties: boolean | FieldRule;
}

export const string = (constraints: { minLength?: number; maxLength?: number; pattern?: RegExp } = {}): FieldRule => ({
  kind: 'string',
  ...constraints,
});
export const enumOf = (...values: readonly string[]): FieldRule => ({ kind: 'string', enum: values });
export const integer = (range: { minimum?: number; maximum?: number } = {}): FieldRule => ({ kind: 'integer', ...range });
export const number = (range: { minimum?: number; maximum?: number } = {}): FieldRule => ({ kind: 'number', ...range });
export const boolean = (): FieldRule => ({ kind: 'boolean' });
export const anything = (): FieldRule => ({ kind: 'any' });
export const nullable = (rule: FieldRule): FieldRule => ({ kind: 'nullable', rule });
export const oneOf = (...options: readonly FieldRule[]): FieldRule => ({ kind: 'oneOf', options });

export const arrayOf = (items: FieldRule, length: { minItems?: number; maxItems?: number } = {}): FieldRule => ({
  kind: 'array',
  items,
  ...length,
});

/** A closed object: `required` lists the members that must be present, everything else in `properties` may be. */
export const object = (properties: Record<string, FieldRule>, required: readonly string[] = []): ObjectRule => ({
  kind: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** `{ type: 'object', additionalProperties: <values> }`: a map with free keys, e.g. metadata. */
export const mapOf = (values: FieldRule | true): ObjectRule => ({
  kind: 'object',
  properties: {},
  required: [],
  additionalProperties: values,
});

/**
 * A oneOf over objects told apart by one member holding a single enum value (`role`, `type`),
 * so a wrong value is reported once, against that member, with every supported value listed.
 */
export const discriminatedBy = (
  discriminator: string,
  options: readonly (ObjectRule | DiscriminatedRule)[],
  extra: { implied?: string; universe?: readonly string[] } = {},
): DiscriminatedRule => ({
  kind: 'discriminated',
  discriminator,
  options,
  ...extra,
});
