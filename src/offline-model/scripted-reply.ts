import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ResponseCreateParams, ResponseError, ResponseInputItem } from 'openai/resources/responses/responses';

export interface ScriptedToolCall {
  /** Omit to let the server assign a per-server deterministic `call_…` id. */
  id?: string;
  name: string;
  /** Objects are JSON.stringified; a string is sent verbatim so tests can send malformed JSON. */
  arguments: string | Record<string, unknown>;
}

/**
 * Faults and variations for the event stream of a completion reply, for testing how a client
 * accumulates deltas and survives broken streams. Used only when the request has `stream: true`;
 * a non-streaming request gets the plain completion. "Chunks" below are the `chat.completion.chunk`
 * events of Chat Completions, counted from the first one sent; on POST /v1/responses they are the
 * Responses stream events (`response.created` is the first), where the closing `[DONE]` is the
 * terminal `response.completed` / `response.incomplete` event.
 */
export interface ScriptedStreamControls {
  /**
   * Default true, as OpenAI streams: a tool call's `id` appears only in the chunk that announces it.
   * false repeats the `id` on every argument fragment, as some OpenAI-compatible servers do.
   * Chat Completions only: Responses deltas always carry the item's `item_id` and never its `call_id`.
   */
  idOnlyInFirstFragment?: boolean;
  /**
   * The `index` of each `delta.tool_calls` entry. 'normal' (default): the call's position in the
   * reply; 'zero': 0 for every call; 'missing': no `index` member at all (both seen from real servers).
   * Chat Completions only.
   */
  index?: 'normal' | 'zero' | 'missing';
  /**
   * Splits each call's arguments into this many fragments (at least 1; fewer when the arguments
   * have fewer characters), each in its own chunk after the announcing one. Default: 8-character pieces.
   */
  argumentFragments?: number;
  /**
   * Sends the chunks of parallel tool calls round-robin (call 0, call 1, call 0, …) instead of one
   * call after another; on Responses, the events of the `function_call` items (added, argument
   * deltas, done), which the API itself sends one item after another.
   */
  interleave?: boolean;
  /**
   * Destroys the connection after this many chunks, mid-response: no further chunks, no `[DONE]`,
   * no chunked-encoding terminator. At or above the number of chunks it cuts just before `[DONE]`.
   */
  cutAfterChunk?: number;
  /**
   * Ends the response cleanly but without the closing `data: [DONE]`; on Responses, without the
   * terminal `response.completed` / `response.incomplete` event (so the response is not remembered).
   */
  omitDone?: boolean;
  /**
   * Sends `event: error` with `data: {"error":{…}}` after `afterChunks` chunks (default 1), then ends
   * the response, as the API reports a failure mid-stream; the SDK's stream throws it as an `APIError`
   * (with no HTTP status) carrying this message, type and code. On Responses the event is
   * `{ type: 'error', sequence_number, error: {…} }`, the shape the API sends (openai-dotnet#881).
   */
  errorEvent?: { message: string; type?: string; code?: string | null; param?: string | null; afterChunks?: number };
  /**
   * Responses only: ends the stream after `afterChunks` events (default 1) with `response.failed`,
   * whose response has status `failed`, this `error` and the output items finished so far; the SDK
   * yields it like any event, without throwing. `errorEvent` wins when both are set.
   */
  failedEvent?: { message: string; code?: ResponseError['code']; afterChunks?: number };
}

export interface ScriptedCompletionReply {
  content?: string | null;
  toolCalls?: ScriptedToolCall[];
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** Reported as `input_tokens` / `output_tokens` on POST /v1/responses. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** How to stream this reply when the request asks for a stream; see ScriptedStreamControls. */
  stream?: ScriptedStreamControls;
  /**
   * POST /v1/responses only: the response starts with a `reasoning` item, as a reasoning model's
   * does, which every later request must send back before the items that followed it (or continue
   * with `previous_response_id`). It always has one when the request includes
   * `reasoning.encrypted_content`, which also puts the `encrypted_content` on it that stateless
   * (`store: false`) clients need.
   */
  reasoning?: boolean;
}

export interface ScriptedErrorReply {
  error: { status: number; message: string; type?: string; code?: string | null };
}

/**
 * Sends exactly `body` with `status` (default 200) and `headers` (default content-type
 * application/json), bypassing completion building and streaming: for replies no real completion
 * could produce, e.g. an HTML error page with 200, `{}`, `{"choices":[]}`, a tool call without
 * `function`, or a hand-written event stream (give `content-type: text/event-stream`).
 */
export interface ScriptedRawReply {
  raw: { status?: number; headers?: Record<string, string>; body: string };
}

/** One model turn as a test (or the demo model) wants it answered. */
export type ScriptedReply = ScriptedCompletionReply | ScriptedErrorReply | ScriptedRawReply;

export interface ResponderMeta {
  /** Position of this call among all responder calls of the server, both endpoints together. */
  index: number;
  /** Aborts when the client disconnects, so a responder holding a reply open can stop waiting. */
  signal: AbortSignal;
  /**
   * Set when the request came to POST /v1/responses: the body as sent, and the whole conversation
   * it continues as Responses items (the context remembered for `previous_response_id` first, then
   * the new input; a string input as one user message).
   */
  responses?: { request: ResponseCreateParams; items: readonly ResponseInputItem[] };
}

/**
 * Computes a reply from the (already validated) request. Both endpoints ask the same responder
 * with a Chat Completions request, so one script or the demo model drives either API: a Responses
 * request arrives converted (see responses-chat-view.ts) — `instructions` as a leading system
 * message, messages by role, consecutive `function_call` items as one assistant message's
 * `tool_calls` (ids are the `call_id`s), `function_call_output` items as tool messages, reasoning
 * items left out, flat function tools as Chat Completions tools — and `meta.responses` holds the
 * original.
 */
export type Responder = (request: ChatCompletionCreateParams, meta: ResponderMeta) => ScriptedReply | Promise<ScriptedReply>;

export function isErrorReply(reply: ScriptedReply): reply is ScriptedErrorReply {
  return 'error' in reply && reply.error !== undefined;
}

export function isRawReply(reply: ScriptedReply): reply is ScriptedRawReply {
  return 'raw' in reply && reply.raw !== undefined;
}
