import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { invalidRequest } from './api-error.js';
import { chatCompletionRequestRule } from './chat-request-rules.js';
import { describeValue, findRuleViolation } from './check-field-rules.js';
import { isRecord } from './json-value.js';
import { validateMessageSequence } from './validate-messages.js';
import { validateTools } from './validate-tools.js';

/**
 * Checks a parsed request body the way the real API does and narrows it to the SDK's
 * request type; throws an ApiError (400) describing the first problem found. The field
 * table settles every type, enum and range; what follows it are the rules that relate
 * one member to another.
 */
export function validateChatRequest(body: unknown): ChatCompletionCreateParams {
  if (!isRecord(body)) {
    throw invalidRequest(`Invalid type for body: expected an object, but got ${describeValue(body)} instead.`, null, 'invalid_type');
  }
  const model = body['model'];
  if (typeof model !== 'string' || model.length === 0) {
    // The API's own wording for this one, rather than the generic missing/invalid message.
    const code = model === undefined ? 'missing_required_parameter' : 'invalid_value';
    throw invalidRequest('you must provide a model parameter', 'model', code);
  }
  const violation = findRuleViolation(body, chatCompletionRequestRule, '');
  if (violation) throw violation;
  validateMessageSequence(body['messages'] as readonly Record<string, unknown>[]);
  validateTools(body);
  if (body['stream_options'] != null && body['stream'] !== true) {
    throw invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  return body as unknown as ChatCompletionCreateParams;
}
