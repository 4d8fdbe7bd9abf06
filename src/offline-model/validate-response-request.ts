import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import { invalidRequest } from './api-error.js';
import { describeValue, findRuleViolation } from './check-field-rules.js';
import { isRecord, type JsonRecord } from './json-value.js';
import { responseRequestRule } from './responses-request-rules.js';
import { validateFunctionParameters } from './validate-tools.js';

/**
 * Features the document allows but the offline model cannot honour, since each needs state or
 * services it does not have; refused as the API refuses a parameter a model does not support,
 * rather than silently ignored.
 */
const UNEMULATED: readonly [member: string, isUsed: (value: unknown) => boolean][] = [
  ['conversation', (value) => value != null],
  ['prompt', (value) => value != null],
  ['background', (value) => value === true],
];

/**
 * Checks a parsed POST /v1/responses body the way the real API does and narrows it to the SDK's
 * request type; throws an ApiError (400) describing the first problem found. The field table
 * settles shapes; the conversation rules (pairing, reasoning, ids) need the remembered context
 * and live in validate-conversation.ts.
 */
export function validateResponseRequest(body: unknown): ResponseCreateParams {
  if (!isRecord(body)) {
    throw invalidRequest(
      `Invalid type for body: expected an object, but got ${describeValue(body)} instead.`,
      null,
      'invalid_type',
    );
  }
  const violation = findRuleViolation(body, responseRequestRule, '');
  if (violation) throw violation;
  for (const [member, isUsed] of UNEMULATED) {
    if (isUsed(body[member])) {
      throw invalidRequest(
        `Unsupported parameter: '${member}' is not supported with this model.`,
        member,
        'unsupported_parameter',
      );
    }
  }
  validateFunctionTools(body['tools']);
  return body as unknown as ResponseCreateParams;
}

/** Flat function tools: unique names and usable parameter schemas, with the Chat Completions wording. */
function validateFunctionTools(tools: unknown): void {
  if (!Array.isArray(tools)) return;
  const seen = new Set<string>();
  (tools as readonly JsonRecord[]).forEach((tool, index) => {
    const name = tool['name'] as string;
    if (seen.has(name)) {
      throw invalidRequest(
        `Invalid 'tools': function names must be unique, but '${name}' is defined more than once.`,
        `tools[${index}].name`,
        'duplicate_function_name',
      );
    }
    seen.add(name);
    validateFunctionParameters(tool, name, `tools[${index}].parameters`);
  });
}
