import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { ToolDefinitionError } from '../errors.js';
import type { ArgumentIssue } from './tool-call-error.js';
import { dropNullsForOptionalProperties, toStrictJsonSchema, type JsonSchema } from './strict-json-schema.js';

/** The name rule of OpenAI's function tools. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export interface ToolExecutionContext {
  /** Aborted when the call times out or the turn is cancelled: pass it on to fetch() and friends. */
  signal: AbortSignal;
  toolCallId: string;
}

export interface ToolSpec<Parameters extends z.ZodObject, Result> {
  name: string;
  description: string;
  parameters: Parameters;
  /** The return value is sent to the model: a string as is, anything else as JSON. */
  execute(args: z.output<Parameters>, context: ToolExecutionContext): Result | Promise<Result>;
  /** Abort the call after this long. Default: the session's `toolTimeoutMs`. */
  timeoutMs?: number;
}

export type ArgumentsCheck<Args> = { ok: true; args: Args } | { ok: false; issues: ArgumentIssue[] };

/** A tool ready to be registered: the spec plus its wire definition and argument checker. */
export interface Tool<Args = unknown, Result = unknown> {
  readonly name: string;
  readonly description: string;
  readonly timeoutMs: number | undefined;
  /** What the API receives in `tools`. */
  readonly definition: ChatCompletionFunctionTool;
  /** Validates already JSON-parsed arguments against the zod schema. */
  checkArguments(value: unknown): ArgumentsCheck<Args>;
  execute(args: Args, context: ToolExecutionContext): Result | Promise<Result>;
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
  if (typeof spec.description !== 'string' || spec.description.trim() === '') {
    throw new ToolDefinitionError(`Tool "${name}" needs a non-empty description: the model chooses tools by it.`, name);
  }
  if (!(spec.parameters instanceof z.ZodObject)) {
    throw new ToolDefinitionError(`Tool "${name}": parameters must be a z.object(...) schema.`, name);
  }
  if (typeof spec.execute !== 'function') {
    throw new ToolDefinitionError(`Tool "${name}": execute must be a function.`, name);
  }
  if (spec.timeoutMs !== undefined && !(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0)) {
    throw new ToolDefinitionError(`Tool "${name}": timeoutMs must be a positive number of milliseconds.`, name);
  }

  let inputSchema: JsonSchema;
  try {
    inputSchema = z.toJSONSchema(spec.parameters, { io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  } catch (error) {
    throw new ToolDefinitionError(
      `Tool "${name}": its parameters cannot be expressed as JSON Schema (${(error as Error).message}).`,
      name,
    );
  }
  const { schema, strict } = toStrictJsonSchema(inputSchema);
  const parameters = spec.parameters;

  return {
    name,
    description: spec.description,
    timeoutMs: spec.timeoutMs,
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
