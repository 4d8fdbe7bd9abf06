import type { ChatCompletionAssistantMessageParam } from 'openai/resources/chat/completions';
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
  /** Responses API: the response's id, for `previous_response_id`; null for Chat Completions. */
  responseId: string | null;
}

/** Either a usable reply or why the response cannot be used (the request then fails, retryably). */
export type ReadReply = { ok: true; reply: ModelReply } | { ok: false; problem: string };
