import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { RequestedToolCall } from './model-reply.js';

/**
 * How a reply's tool calls are read, the same for both APIs and for streams, so a call reads — and
 * fails — alike whichever wire it came over.
 */

/** The name recorded for a call that arrived without a usable one, so the history stays valid. */
export const PLACEHOLDER_TOOL_NAME = 'invalid_tool_call';

/** A call's id as sent; some servers send a number. '' when there is none (it gets one below). */
export function callIdOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Arguments as the string the API expects: some servers send an object, or nothing at all. */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A function call as read; without a name it is kept as a malformed call the model hears about. */
export function functionCall(id: string, name: unknown, args: string): RequestedToolCall {
  if (typeof name !== 'string' || name === '') return malformedCall(id, 'a tool call without a function name', args);
  return { id, kind: 'function', name, arguments: args, defect: null };
}

export function malformedCall(id: string, defect: string, args = ''): RequestedToolCall {
  return { id, kind: 'function', name: PLACEHOLDER_TOOL_NAME, arguments: args, defect };
}

/**
 * Some OpenAI-compatible servers send tool calls with an empty or repeated id. Every call needs its
 * own id for its `tool` message, so such calls get one derived from their position; the recorded
 * assistant message carries the same ids, which keeps the history consistent. An id depends only
 * on the ids before it, so a stream can name a call the moment it starts.
 */
export function uniqueToolCallIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.map((original, index) => {
    let id = original;
    if (!id || seen.has(id)) {
      id = `${original || 'call'}_${index}`;
      while (seen.has(id)) id = `${id}_`;
    }
    seen.add(id);
    return id;
  });
}

export function withUniqueIds(calls: RequestedToolCall[]): RequestedToolCall[] {
  const ids = uniqueToolCallIds(calls.map((call) => call.id));
  return calls.map((call, index) => (ids[index] === call.id ? call : { ...call, id: ids[index]! }));
}

export function wireToolCall(call: RequestedToolCall): ChatCompletionMessageToolCall {
  return call.kind === 'custom'
    ? { id: call.id, type: 'custom', custom: { name: call.name, input: call.arguments } }
    : { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}
