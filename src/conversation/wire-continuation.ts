import type { JsonValue } from './json.js';
import type { Continuation } from './model-reply.js';

/**
 * What a wire adapter keeps between requests beyond the chat-shaped history: for the Responses API,
 * the last response's id and how much of the history the server already has (server-side state), and
 * the reasoning items to replay (stateless). Plain data; empty for Chat Completions.
 */
export interface WireContinuation {
  responseId: string | null;
  /** Messages of the history the server already holds, as of `responseId`. */
  sentMessages: number;
  /** Items to put back in front of the assistant message at `messageIndex` when it is sent again. */
  items: { messageIndex: number; items: JsonValue[] }[];
}

export const NO_CONTINUATION: WireContinuation = { responseId: null, sentMessages: 0, items: [] };

/** The continuation after a reply was recorded as the message at `messageIndex`. */
export function continueWith(previous: WireContinuation, reply: Continuation | null, messageIndex: number): WireContinuation {
  if (!reply) return previous;
  const items = reply.items.length === 0 ? previous.items : [...previous.items, { messageIndex, items: reply.items }];
  if (!reply.continuable) return { ...previous, items };
  return { responseId: reply.responseId, sentMessages: messageIndex + 1, items };
}
