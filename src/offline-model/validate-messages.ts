import { invalidRequest } from './api-error.js';
import { messagesRule } from './chat-request-rules.js';
import { findRuleViolation } from './check-field-rules.js';
import { isRecord, type JsonRecord } from './json-value.js';

/** Checks a `messages` array on its own, shape and sequence, as the API would inside a request. */
export function validateMessages(messages: unknown): void {
  if (messages === undefined) {
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  const violation = findRuleViolation(messages, messagesRule, 'messages');
  if (violation) throw violation;
  validateMessageSequence(messages as readonly JsonRecord[]);
}

/**
 * The message rules no per-field schema can express, enforced because the real API enforces
 * them: a client that gets them wrong works against a lenient fake and then fails in production.
 * Runs after the field table, so every message already has a known role and well-typed members.
 */
export function validateMessageSequence(messages: readonly JsonRecord[]): void {
  messages.forEach((message, index) => {
    if (message['role'] === 'assistant') requireAssistantOutput(message, `messages[${index}]`);
  });
  validateToolCallPairing(messages);
}

/** An assistant turn must have said or called something; the schema makes each of these optional on its own. */
function requireAssistantOutput(message: JsonRecord, at: string): void {
  const saidSomething = ['content', 'tool_calls', 'function_call', 'refusal'].some((key) => message[key] != null);
  if (!saidSomething) {
    throw invalidRequest(`Invalid value for '${at}.content': expected a string, got null.`, `${at}.content`, 'invalid_value');
  }
}

function toolCallIds(message: JsonRecord): string[] {
  const calls = message['tool_calls'];
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((call: unknown) => (isRecord(call) && typeof call['id'] === 'string' ? [call['id']] : []));
}

/**
 * Tool results must sit directly after the assistant turn that requested them, one per id:
 * that adjacency is how the API knows which call a result answers. (`messages.[n]` is the
 * API's own spelling of these params.)
 */
function validateToolCallPairing(messages: readonly JsonRecord[]): void {
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
    if (message['role'] === 'tool') {
      const id = message['tool_call_id'] as string;
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
    const ids = message['role'] === 'assistant' ? toolCallIds(message) : [];
    if (ids.length > 0) open = { index, pending: [...new Set(ids)] };
  });
  closeOpenBlock();
}
