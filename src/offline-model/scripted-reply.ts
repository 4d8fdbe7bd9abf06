import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';

export interface ScriptedToolCall {
  /** Omit to let the server assign a per-server deterministic `call_…` id. */
  id?: string;
  name: string;
  /** Objects are JSON.stringified; a string is sent verbatim so tests can send malformed JSON. */
  arguments: string | Record<string, unknown>;
}

export interface ScriptedCompletionReply {
  content?: string | null;
  toolCalls?: ScriptedToolCall[];
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface ScriptedErrorReply {
  error: { status: number; message: string; type?: string; code?: string | null };
}

/** One model turn as a test (or the demo model) wants it answered. */
export type ScriptedReply = ScriptedCompletionReply | ScriptedErrorReply;

/**
 * Computes a reply from the (already validated) request. `signal` aborts when the client
 * disconnects, so a responder holding a reply open can stop waiting.
 */
export type Responder = (
  request: ChatCompletionCreateParams,
  meta: { index: number; signal: AbortSignal },
) => ScriptedReply | Promise<ScriptedReply>;

export function isErrorReply(reply: ScriptedReply): reply is ScriptedErrorReply {
  return 'error' in reply && reply.error !== undefined;
}
