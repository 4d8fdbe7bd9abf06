import * as z from 'zod';
import { ToolDefinitionError } from '../conversation/errors.js';
import type { ToolEffect } from '../conversation/tool-call-record.js';
import { sizeLimitProblem, timeoutProblem } from './limits.js';
import { dropNullsForOptionalProperties, toStrictJsonSchema, type JsonSchema } from './strict-json-schema.js';
import type { NeedsApproval, Tool, ToolExecutionContext } from './tool.js';

/** The name rule of OpenAI's function tools. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

const DECLARABLE_EFFECTS: readonly ToolEffect[] = ['read_only', 'idempotent', 'write_once'];

export interface ToolSpec<Parameters extends z.ZodObject, Result> {
  name: string;
  description: string;
  parameters: Parameters;
  /** The return value is sent to the model: a string as is, anything else as JSON. */
  execute(args: z.output<Parameters>, context: ToolExecutionContext): Result | Promise<Result>;
  /** Abort the call after this long (Infinity: never). Default: the session's `toolTimeoutMs`. */
  timeoutMs?: number;
  /** What calling it does to the world; decides parallelism and what happens on resume. Default: unspecified. */
  effect?: Exclude<ToolEffect, 'unspecified'>;
  /** Ask a person before each call (or decide per call). Default false. */
  needsApproval?: NeedsApproval<z.output<Parameters>>;
  /** Longest result the model gets, in characters; longer ones are cut, and the model is told. Default: the session's limit. */
  maxOutputChars?: number;
}

/**
 * Defines a tool. Everything that can be wrong with a definition is reported here, at definition
 * time, as a `ToolDefinitionError`, so nothing about it can fail in the middle of a conversation.
 */
export function defineTool<Parameters extends z.ZodObject, Result>(
  spec: ToolSpec<Parameters, Result>,
): Tool<z.output<Parameters>, Result> {
  const name: unknown = spec?.name;
  if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) {
    throw new ToolDefinitionError(
      `Invalid tool name ${JSON.stringify(name)}: it must match ${TOOL_NAME_PATTERN} (letters, digits, _ and -, at most 64).`,
      typeof name === 'string' ? name : undefined,
    );
  }
  const fail = (message: string) => new ToolDefinitionError(`Tool "${name}": ${message}`, name);
  if (typeof spec.description !== 'string' || spec.description.trim() === '') {
    throw fail('it needs a non-empty description: the model chooses tools by it.');
  }
  if (!(spec.parameters instanceof z.ZodObject)) throw fail('parameters must be a z.object(...) schema.');
  if (typeof spec.execute !== 'function') throw fail('execute must be a function.');
  const timeout = spec.timeoutMs === undefined ? undefined : timeoutProblem(spec.timeoutMs);
  if (timeout) throw fail(`timeoutMs ${timeout}.`);
  const size = spec.maxOutputChars === undefined ? undefined : sizeLimitProblem(spec.maxOutputChars);
  if (size) throw fail(`maxOutputChars ${size}.`);
  if (spec.effect !== undefined && !DECLARABLE_EFFECTS.includes(spec.effect)) {
    throw fail(`effect must be one of ${DECLARABLE_EFFECTS.join(', ')}, got ${JSON.stringify(spec.effect)}.`);
  }
  const needsApproval = spec.needsApproval ?? false;
  if (typeof needsApproval !== 'boolean' && typeof needsApproval !== 'function') {
    throw fail('needsApproval must be a boolean or a function.');
  }

  let inputSchema: JsonSchema;
  try {
    inputSchema = z.toJSONSchema(spec.parameters, { io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  } catch (error) {
    throw fail(`its parameters cannot be expressed as JSON Schema (${(error as Error).message}).`);
  }
  const { schema, strict } = toStrictJsonSchema(inputSchema);
  const parameters = spec.parameters;

  return {
    name,
    description: spec.description,
    timeoutMs: spec.timeoutMs,
    effect: spec.effect ?? 'unspecified',
    needsApproval,
    maxOutputChars: spec.maxOutputChars,
    origin: undefined,
    definition: {
      type: 'function',
      function: { name, description: spec.description, parameters: schema, strict },
    },
    checkArguments(value) {
      const parsed = parameters.safeParse(strict ? dropNullsForOptionalProperties(value, inputSchema) : value);
      if (parsed.success) return { ok: true, args: parsed.data };
      return {
        ok: false,
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
      };
    },
    execute: (args, context) => spec.execute(args, context),
  };
}
