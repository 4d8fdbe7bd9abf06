import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describeValue, isRecord } from './json.js';

export interface ConversationProblem {
  /** Index of the offending message (-1 when `messages` itself is wrong). */
  index: number;
  message: string;
}

/**
 * Every rule the API applies to a history, checked before anything is sent: each entry is a message
 * of a known role with the content shape that role allows, and an assistant message with
 * `tool_calls` is followed, before anything else, by exactly one `tool` message per `tool_call_id`.
 * The API rejects any other history with a 400; a caller-supplied history is checked once, and the
 * machine only ever appends messages built to pass.
 */
export function findConversationProblem(messages: unknown): ConversationProblem | undefined {
  if (!Array.isArray(messages)) return { index: -1, message: `messages must be an array, got ${describeValue(messages)}.` };
  for (const [index, message] of messages.entries()) {
    const problem = shapeProblem(message);
    if (problem) return { index, message: `messages[${index}] ${problem}` };
  }
  return pairingProblem(messages as ChatCompletionMessageParam[]);
}

const TEXT_PART = (part: Record<string, unknown>) => part['type'] === 'text' && typeof part['text'] === 'string';
const USER_PART = (part: Record<string, unknown>) =>
  TEXT_PART(part) ||
  (part['type'] === 'image_url' && isRecord(part['image_url']) && typeof part['image_url']['url'] === 'string') ||
  (part['type'] === 'input_audio' && isRecord(part['input_audio']) && typeof part['input_audio']['data'] === 'string') ||
  (part['type'] === 'file' && isRecord(part['file']));
const ASSISTANT_PART = (part: Record<string, unknown>) =>
  TEXT_PART(part) || (part['type'] === 'refusal' && typeof part['refusal'] === 'string');

/** Which content each role may carry: a string or a non-empty array of the parts it allows. */
const CONTENT_RULES: Record<string, { parts: (part: Record<string, unknown>) => boolean; nullable: boolean }> = {
  system: { parts: TEXT_PART, nullable: false },
  developer: { parts: TEXT_PART, nullable: false },
  user: { parts: USER_PART, nullable: false },
  assistant: { parts: ASSISTANT_PART, nullable: true },
  tool: { parts: TEXT_PART, nullable: false },
  function: { parts: () => false, nullable: true },
};

function shapeProblem(message: unknown): string | undefined {
  if (!isRecord(message)) return `is ${describeValue(message)}, not a message object.`;
  const role = message['role'];
  const rule = typeof role === 'string' ? CONTENT_RULES[role] : undefined;
  if (!rule || !Object.hasOwn(CONTENT_RULES, role as string)) {
    return `has role ${JSON.stringify(role)}; expected one of ${Object.keys(CONTENT_RULES).join(', ')}.`;
  }
  if (message['name'] !== undefined && typeof message['name'] !== 'string') return 'has a `name` that is not a string.';
  const content = message['content'];
  const hasContent = content !== undefined && content !== null;
  if (hasContent && typeof content !== 'string') {
    if (!Array.isArray(content)) return `has content that is ${describeValue(content)}.`;
    if (content.length === 0) return 'has an empty content array.';
    const bad = content.findIndex((part) => !isRecord(part) || !rule.parts(part));
    if (bad >= 0) return `has a content part (${bad}) that is not one a ${role} message may carry.`;
  }
  if (role === 'tool' && (typeof message['tool_call_id'] !== 'string' || message['tool_call_id'] === '')) {
    return 'is a tool message without a `tool_call_id`.';
  }
  if (role === 'function' && typeof message['name'] !== 'string') return 'is a function message without a `name`.';
  if (role === 'assistant') {
    const calls = message['tool_calls'];
    if (calls !== undefined && calls !== null) {
      if (!Array.isArray(calls)) return 'has `tool_calls` that is not an array.';
      if (calls.length === 0) return 'has an empty `tool_calls` array.';
      const bad = calls.findIndex((call) => !isWellFormedCall(call));
      if (bad >= 0) return `has a malformed tool call (tool_calls[${bad}]): it needs an id and a function { name, arguments } as strings.`;
    }
    const hasCalls = Array.isArray(calls) && calls.length > 0;
    if (!hasContent && !hasCalls && typeof message['refusal'] !== 'string' && message['function_call'] === undefined) {
      return 'is an assistant message with neither content nor tool_calls.';
    }
    return undefined;
  }
  if (!hasContent && !rule.nullable) return `is a ${role} message without content.`;
  return undefined;
}

function isWellFormedCall(call: unknown): boolean {
  if (!isRecord(call) || typeof call['id'] !== 'string' || call['id'] === '') return false;
  if (call['type'] === 'function') {
    const fn = call['function'];
    return isRecord(fn) && typeof fn['name'] === 'string' && fn['name'] !== '' && typeof fn['arguments'] === 'string';
  }
  if (call['type'] === 'custom') {
    const custom = call['custom'];
    return isRecord(custom) && typeof custom['name'] === 'string' && typeof custom['input'] === 'string';
  }
  return false;
}

/** The pairing rule alone, on a history already known to be well-formed. */
export function pairingProblem(messages: readonly ChatCompletionMessageParam[]): ConversationProblem | undefined {
  let awaiting: { index: number; ids: Set<string> } | undefined;
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      if (!awaiting || !awaiting.ids.delete(message.tool_call_id)) {
        return {
          index,
          message: `messages[${index}] answers tool_call_id "${message.tool_call_id}", which no preceding assistant message is waiting for.`,
        };
      }
      continue;
    }
    if (awaiting && awaiting.ids.size > 0) return unanswered(awaiting);
    awaiting = undefined;
    if (message.role === 'assistant' && message.tool_calls && message.tool_calls.length > 0) {
      const ids = new Set(message.tool_calls.map((call) => call.id));
      if (ids.size !== message.tool_calls.length) {
        return { index, message: `messages[${index}] repeats a tool_call_id.` };
      }
      awaiting = { index, ids };
    }
  }
  return awaiting && awaiting.ids.size > 0 ? unanswered(awaiting) : undefined;
}

function unanswered(awaiting: { index: number; ids: Set<string> }): ConversationProblem {
  return {
    index: awaiting.index,
    message: `messages[${awaiting.index}] has tool_calls without a tool message: ${[...awaiting.ids].join(', ')}.`,
  };
}

