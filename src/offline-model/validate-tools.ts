import { invalidRequest } from './api-error.js';
import { describeJsonType, isRecord, type JsonRecord } from './json-value.js';
import { findStrictSchemaViolation } from './strict-schema.js';

const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
const FUNCTION_NAME_MAX_LENGTH = 64;

/**
 * Rejects tool definitions the real API would reject, so a malformed schema surfaces in
 * tests instead of as a surprise 400 against production.
 */
export function validateTools(body: JsonRecord): void {
  const tools = body['tools'];
  if (tools !== undefined && tools !== null && !Array.isArray(tools)) {
    throw invalidRequest(
      `Invalid type for 'tools': expected an array of objects, but got ${describeJsonType(tools)} instead.`,
      'tools',
      'invalid_type',
    );
  }
  if (Array.isArray(tools) && tools.length === 0) {
    throw invalidRequest(
      "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'tools',
      'empty_array',
    );
  }
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
  tools.forEach((tool: unknown, index) => {
    const name = validateTool(tool, `tools[${index}]`);
    if (seen.has(name)) {
      throw invalidRequest(
        `Invalid 'tools': function names must be unique, but '${name}' is defined more than once.`,
        `tools[${index}].function.name`,
        'duplicate_function_name',
      );
    }
    seen.add(name);
  });

  validateToolChoiceName(body['tool_choice'], seen);
}

/** Returns the function name so the caller can detect duplicates across tools. */
function validateTool(tool: unknown, at: string): string {
  if (!isRecord(tool)) {
    throw invalidRequest(`Invalid type for '${at}': expected an object, but got ${describeJsonType(tool)} instead.`, at, 'invalid_type');
  }
  if (tool['type'] !== 'function') {
    // The offline model only runs function tools; custom (free-form) tools are refused rather than ignored.
    throw invalidRequest(
      `Invalid value: '${String(tool['type'])}'. Supported values are: 'function'.`,
      `${at}.type`,
      'invalid_value',
    );
  }
  const fn = tool['function'];
  if (!isRecord(fn)) {
    throw invalidRequest(`Missing required parameter: '${at}.function'.`, `${at}.function`, 'missing_required_parameter');
  }
  const name = fn['name'];
  const nameAt = `${at}.function.name`;
  if (typeof name !== 'string') {
    throw invalidRequest(`Missing required parameter: '${nameAt}'.`, nameAt, 'missing_required_parameter');
  }
  if (name.length === 0) {
    throw invalidRequest(
      `Invalid '${nameAt}': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
      nameAt,
      'empty_string',
    );
  }
  if (name.length > FUNCTION_NAME_MAX_LENGTH) {
    throw invalidRequest(
      `Invalid '${nameAt}': string too long. Expected a string with maximum length ${FUNCTION_NAME_MAX_LENGTH}, but got a string with length ${name.length} instead.`,
      nameAt,
      'string_above_max_length',
    );
  }
  if (!FUNCTION_NAME_PATTERN.test(name)) {
    throw invalidRequest(
      `Invalid '${nameAt}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      nameAt,
      'invalid_value',
    );
  }

  const parameters = fn['parameters'];
  const parametersAt = `${at}.function.parameters`;
  if (parameters !== undefined) {
    const type = isRecord(parameters) ? parameters['type'] : undefined;
    if (type !== 'object') {
      const got = isRecord(parameters) ? `'type: ${JSON.stringify(type ?? null)}'` : `a ${describeJsonType(parameters)}`;
      throw invalidRequest(
        `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"', got ${got}.`,
        parametersAt,
        'invalid_function_parameters',
      );
    }
  }
  if (fn['strict'] === true && parameters !== undefined) {
    const violation = findStrictSchemaViolation(parameters);
    if (violation) {
      throw invalidRequest(
        `Invalid schema for function '${name}': ${violation}`,
        parametersAt,
        'invalid_function_parameters',
      );
    }
  }
  return name;
}

/** Forcing a tool that was never offered is a client bug the API reports, not a silent no-op. */
function validateToolChoiceName(toolChoice: unknown, names: ReadonlySet<string>): void {
  if (!isRecord(toolChoice) || toolChoice['type'] !== 'function') return;
  const fn = toolChoice['function'];
  const name = isRecord(fn) ? fn['name'] : undefined;
  if (typeof name !== 'string' || !names.has(name)) {
    throw invalidRequest(
      `Invalid value for 'tool_choice': tool_choice '${String(name)}' not found in 'tools' parameter.`,
      'tool_choice',
    );
  }
}
