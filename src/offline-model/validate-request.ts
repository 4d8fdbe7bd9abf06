import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { invalidRequest } from './api-error.js';
import { describeJsonType, isRecord } from './json-value.js';
import { validateMessages } from './validate-messages.js';
import { validateTools } from './validate-tools.js';

/**
 * Checks a parsed request body the way the real API does and narrows it to the SDK's
 * request type; throws an ApiError (400) describing the first problem found.
 */
export function validateChatRequest(body: unknown): ChatCompletionCreateParams {
  if (!isRecord(body)) {
    throw invalidRequest(
      `Invalid type for body: expected an object, but got ${describeJsonType(body)} instead.`,
      null,
      'invalid_type',
    );
  }
  const model = body['model'];
  if (typeof model !== 'string' || model.length === 0) {
    throw invalidRequest('you must provide a model parameter', 'model', model === undefined ? 'missing_required_parameter' : 'invalid_value');
  }
  validateMessages(body['messages']);
  validateTools(body);
  if (body['stream_options'] !== undefined && body['stream_options'] !== null && body['stream'] !== true) {
    throw invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  // Everything the offline model reads has been checked above; other fields pass through untouched.
  return body as unknown as ChatCompletionCreateParams;
}
