import { invalidRequest } from './api-error.js';
import { isRecord, type JsonRecord } from './json-value.js';
import { findStrictSchemaViolation } from './strict-schema.js';

/**
 * The tool rules beyond field types (those are in chat-request-rules.ts): unique names, object
 * parameter schemas, strict-mode schemas, and tool options that only make sense with tools.
 * A malformed schema surfaces in tests instead of as a surprise 400 against production.
 */
export function validateTools(body: JsonRecord): void {
  const tools = body['tools'];
  if (body['parallel_tool_calls'] != null && !Array.isArray(tools)) {
    throw invalidRequest(
      "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.",
      'parallel_tool_calls',
    );
  }
  if (body['tool_choice'] != null && !Array.isArray(tools)) {
    throw invalidRequest(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    );
  }
  if (!Array.isArray(tools)) return;

  const seen = new Set<string>();
  (tools as readonly { function: JsonRecord }[]).forEach((tool, index) => {
    const name = tool.function['name'] as string;
    if (seen.has(name)) {
      throw invalidRequest(
        `Invalid 'tools': function names must be unique, but '${name}' is defined more than once.`,
        `tools[${index}].function.name`,
        'duplicate_function_name',
      );
    }
    seen.add(name);
    validateFunctionParameters(tool.function, name, `tools[${index}].function.parameters`);
  });

  validateToolChoiceName(body['tool_choice'], seen);
}

/** `fn` holds `parameters` and `strict`: a Chat Completions `function`, or a (flat) Responses function tool. */
export function validateFunctionParameters(fn: JsonRecord, name: string, at: string): void {
  const parameters = fn['parameters'];
  if (!isRecord(parameters)) return;
  if (parameters['type'] !== 'object') {
    const got = JSON.stringify(parameters['type'] ?? null);
    throw invalidRequest(
      `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"', got 'type: ${got}'.`,
      at,
      'invalid_function_parameters',
    );
  }
  const violation = fn['strict'] === true ? findStrictSchemaViolation(parameters) : undefined;
  if (violation) throw invalidRequest(`Invalid schema for function '${name}': ${violation}`, at, 'invalid_function_parameters');
}

/** Forcing a tool that was never offered is a client bug the API reports, not a silent no-op. */
function validateToolChoiceName(toolChoice: unknown, names: ReadonlySet<string>): void {
  if (!isRecord(toolChoice) || (toolChoice['type'] !== 'function' && toolChoice['type'] !== 'custom')) return;
  // Only function tools can be offered here, so a forced custom tool is never among them.
  const chosen = toolChoice[toolChoice['type']];
  const name = isRecord(chosen) ? chosen['name'] : undefined;
  if (toolChoice['type'] === 'custom' || typeof name !== 'string' || !names.has(name)) {
    throw invalidRequest(
      `Invalid value for 'tool_choice': tool_choice '${String(name)}' not found in 'tools' parameter.`,
      'tool_choice',
    );
  }
}
