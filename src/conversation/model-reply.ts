import type { ChatCompletionAssistantMessageParam } from 'openai/resources/chat/completions';
import type { JsonValue } from './json.js';
import type { TokenUsage } from './usage.js';

/** One call the model asked for, as the wire adapter read it. */
export interface RequestedToolCall {
  id: string;
  kind: 'function' | 'custom';
  name: string;
  /** The arguments exactly as sent (for `custom` calls, the free-form input). */
  arguments: string;
  /**
   * What the adapter had to repair to record the call in a history the API accepts (a call without
   * `function`, without a name, a `null` entry…); such a call is answered with `malformed_call`.
   */
  defect: string | null;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

/**
 * A model's answer, normalized by the wire adapter (Chat Completions or Responses): what the machine
 * records and routes on. `message` is always something the API accepts in a later request.
 */
export interface ModelReply {
  message: ChatCompletionAssistantMessageParam;
  /** The answer text ('' when there is none). */
  content: string;
  toolCalls: RequestedToolCall[];
  finishReason: FinishReason;
  usage: TokenUsage | null;
  /** What the Responses API needs to go on from this reply; null for Chat Completions. */
  continuation: Continuation | null;
}

/** What a Responses API reply leaves for the next request, beyond the chat-shaped history. */
export interface Continuation {
  /** The response's id: the next request's `previous_response_id` when the conversation lives on the server. */
  responseId: string;
  /** Output items a chat history cannot hold (reasoning, with its encrypted content), replayed when it does not. */
  items: JsonValue[];
  /**
   * False when toolcycle renamed a call's id (empty or repeated): the server knows the calls by the
   * ids it sent, so the next request goes on from the response before this one and sends this
   * reply's items itself.
   */
  continuable: boolean;
}

/** Either a usable reply or why the response cannot be used (the request then fails, retryably). */
export type ReadReply = { ok: true; reply: ModelReply } | { ok: false; problem: string };
