import { invalidRequest } from './api-error.js';
import { describeJsonType, isRecord } from './json-value.js';

const KNOWN_ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
/** Roles whose `content` the API requires; assistant may carry tool_calls instead. */
const ROLES_REQUIRING_CONTENT = new Set(['system', 'developer', 'user', 'tool', 'function']);

/**
 * Enforces the message-sequence rules the real API enforces, because a client that gets
 * them wrong works against a lenient fake and then fails in production.
 */
export function validateMessages(messages: unknown): void {
  if (messages === undefined) {
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (!Array.isArray(messages)) {
    throw invalidRequest(
      `Invalid type for 'messages': expected an array of objects, but got ${describeJsonType(messages)} instead.`,
      'messages',
      'invalid_type',
    );
  }
  if (messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  messages.forEach(validateMessageShape);
  validateToolCallPairing(messages as MessageLike[]);
}

interface MessageLike {
  role: string;
  tool_call_id?: unknown;
  tool_calls?: unknown;
}

function validateMessageShape(message: unknown, index: number): void {
  const at = `messages[${index}]`;
  if (!isRecord(message)) {
    throw invalidRequest(
      `Invalid type for '${at}': expected an object, but got ${describeJsonType(message)} instead.`,
      at,
      'invalid_type',
    );
  }
  const role = message['role'];
  if (role === undefined) {
    throw invalidRequest(`Missing required parameter: '${at}.role'.`, `${at}.role`, 'missing_required_parameter');
  }
  if (typeof role !== 'string' || !(KNOWN_ROLES as readonly string[]).includes(role)) {
    throw invalidRequest(
      `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
      `${at}.role`,
      'invalid_value',
    );
  }
  const content = message['content'];
  if (ROLES_REQUIRING_CONTENT.has(role) && (content === undefined || content === null)) {
    throw invalidRequest(`Missing required parameter: '${at}.content'.`, `${at}.content`, 'missing_required_parameter');
  }
  if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content)) {
    throw invalidRequest(
      `Invalid type for '${at}.content': expected one of a string or array of objects, but got ${describeJsonType(content)} instead.`,
      `${at}.content`,
      'invalid_type',
    );
  }
  if (role === 'tool' && typeof message['tool_call_id'] !== 'string') {
    throw invalidRequest(
      `Missing required parameter: '${at}.tool_call_id'.`,
      `${at}.tool_call_id`,
      'missing_required_parameter',
    );
  }
  if (role === 'assistant') validateAssistantShape(message, at);
}

function validateAssistantShape(message: Record<string, unknown>, at: string): void {
  const toolCalls = message['tool_calls'];
  const hasContent = message['content'] !== undefined && message['content'] !== null;
  if (toolCalls === undefined || toolCalls === null) {
    if (!hasContent && message['function_call'] == null && message['refusal'] == null) {
      throw invalidRequest(
        `Invalid value for '${at}.content': expected a string, got null.`,
        `${at}.content`,
        'invalid_value',
      );
    }
    return;
  }
  if (!Array.isArray(toolCalls)) {
    throw invalidRequest(
      `Invalid type for '${at}.tool_calls': expected an array of objects, but got ${describeJsonType(toolCalls)} instead.`,
      `${at}.tool_calls`,
      'invalid_type',
    );
  }
  toolCalls.forEach((call: unknown, callIndex) => {
    const callAt = `${at}.tool_calls[${callIndex}]`;
    if (!isRecord(call)) {
      throw invalidRequest(`Invalid type for '${callAt}': expected an object.`, callAt, 'invalid_type');
    }
    if (typeof call['id'] !== 'string') {
      throw invalidRequest(`Missing required parameter: '${callAt}.id'.`, `${callAt}.id`, 'missing_required_parameter');
    }
    const fn = call['function'];
    if (call['type'] !== 'function' || !isRecord(fn)) {
      throw invalidRequest(
        `Invalid value for '${callAt}': expected a function tool call with 'type': 'function' and a 'function' object.`,
        callAt,
        'invalid_value',
      );
    }
    if (typeof fn['name'] !== 'string' || typeof fn['arguments'] !== 'string') {
      throw invalidRequest(
        `Invalid value for '${callAt}.function': 'name' and 'arguments' must both be strings.`,
        `${callAt}.function`,
        'invalid_value',
      );
    }
  });
}

function toolCallIds(message: MessageLike): string[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.flatMap((call: unknown) =>
    isRecord(call) && typeof call['id'] === 'string' ? [call['id']] : [],
  );
}

/**
 * Tool results must sit directly after the assistant turn that requested them, one per id:
 * that adjacency is how the API knows which call a result answers.
 */
function validateToolCallPairing(messages: readonly MessageLike[]): void {
  let open: { index: number; pending: string[] } | undefined;

  const closeOpenBlock = (): void => {
    if (open && open.pending.length > 0) {
      throw invalidRequest(
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
          `The following tool_call_ids did not have response messages: ${open.pending.join(', ')}`,
        `messages.[${open.index}].role`,
      );
    }
    open = undefined;
  };

  messages.forEach((message, index) => {
    if (message.role === 'tool') {
      const id = message.tool_call_id as string;
      // An id already answered has left `pending`, so a duplicate answer lands here too.
      if (!open || !open.pending.includes(id)) {
        throw invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      open.pending = open.pending.filter((pendingId) => pendingId !== id);
      return;
    }
    closeOpenBlock();
    const ids = message.role === 'assistant' ? toolCallIds(message) : [];
    if (ids.length > 0) open = { index, pending: [...new Set(ids)] };
  });
  closeOpenBlock();
}
