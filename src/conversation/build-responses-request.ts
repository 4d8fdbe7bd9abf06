import type {
  ChatCompletionContentPart,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ResponseCreateParamsBase, ResponseInputContent, ResponseInputItem } from 'openai/resources/responses/responses';
import type { JsonValue } from './json.js';
import { LIFECYCLE_OWNED_PARAMS, type RequestParts } from './build-chat-request.js';
import type { WireContinuation } from './wire-continuation.js';

/** Chat Completions parameters the Responses API has under another name, or at all. */
const RESPONSES_PARAMS: Record<string, string> = {
  temperature: 'temperature',
  top_p: 'top_p',
  user: 'user',
  metadata: 'metadata',
  max_completion_tokens: 'max_output_tokens',
  max_tokens: 'max_output_tokens',
  service_tier: 'service_tier',
  prompt_cache_key: 'prompt_cache_key',
  safety_identifier: 'safety_identifier',
  reasoning_effort: 'reasoning',
};

/**
 * The `requestParams` a Responses request has no field for; `createSession` refuses them. Those the
 * lifecycle sets itself (`stream`, `tools`, …) are left to `connecting`, which refuses them for both APIs.
 */
export function unsupportedOnResponses(params: object): string[] {
  const owned: readonly string[] = LIFECYCLE_OWNED_PARAMS;
  return Object.keys(params).filter((key) => !Object.hasOwn(RESPONSES_PARAMS, key) && !owned.includes(key));
}

/**
 * The Responses API request for the same point of the conversation a Chat Completions request
 * would be built for. The history is the same chat-shaped one: function tools become flat, each
 * assistant tool call a `function_call` item, each tool message a `function_call_output` with the
 * same `call_id`. Stateless (`serverState` false), every request replays the history with the
 * reasoning items it came with (`store: false`, encrypted reasoning included); with server state,
 * only what the server does not have yet goes, after `previous_response_id`.
 */
export function buildResponsesRequest(
  parts: RequestParts,
  tools: readonly ChatCompletionFunctionTool[],
  continuation: WireContinuation,
  serverState: boolean,
): ResponseCreateParamsBase {
  const fromServer = serverState && continuation.responseId !== null;
  const first = fromServer ? continuation.sentMessages : 0;
  const input: ResponseInputItem[] = [];
  parts.messages.forEach((message, index) => {
    if (index < first) return;
    // With server state, only a reply the server could not be continued from is sent again, with its items.
    for (const extra of continuation.items) if (extra.messageIndex === index) input.push(...(extra.items as unknown as ResponseInputItem[]));
    input.push(...inputItems(message));
  });
  const request: ResponseCreateParamsBase = { ...mappedParams(parts.requestParams), model: parts.model, input, store: serverState };
  if (fromServer) request.previous_response_id = continuation.responseId!;
  if (!serverState) request.include = ['reasoning.encrypted_content'];
  if (tools.length > 0) {
    request.tools = tools.map(({ function: fn }) => ({
      type: 'function',
      name: fn.name,
      parameters: (fn.parameters ?? { type: 'object', properties: {} }) as Record<string, unknown>,
      strict: fn.strict ?? false,
      ...(fn.description === undefined ? {} : { description: fn.description }),
    }));
    request.parallel_tool_calls = parts.parallelToolCalls;
    if (parts.toolChoice === 'none') request.tool_choice = 'none';
  }
  if (parts.stream) request.stream = true;
  return request;
}

function inputItems(message: ChatCompletionMessageParam): ResponseInputItem[] {
  switch (message.role) {
    case 'system':
    case 'developer':
      return [{ role: message.role, content: textOf(message.content) }];
    case 'user':
      return [{ role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map(userPart) }];
    case 'assistant': {
      const items: ResponseInputItem[] = [];
      const text = message.content === null || message.content === undefined ? '' : textOf(message.content);
      if (text !== '' || !message.tool_calls?.length) items.push({ role: 'assistant', content: text });
      for (const call of message.tool_calls ?? []) {
        if (call.type === 'function') items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
      }
      return items;
    }
    case 'tool':
      return [{ type: 'function_call_output', call_id: message.tool_call_id, output: textOf(message.content) }];
    case 'function':
      return [];
  }
}

function userPart(part: ChatCompletionContentPart): ResponseInputContent {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  if (part.type === 'image_url') return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
  if (part.type === 'file') return { type: 'input_file', ...(part.file.file_data ? { file_data: part.file.file_data } : {}), ...(part.file.file_id ? { file_id: part.file.file_id } : {}), ...(part.file.filename ? { filename: part.file.filename } : {}) };
  return { type: 'input_text', text: '' };
}

function textOf(content: string | readonly { type: string; text?: string; refusal?: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text ?? part.refusal ?? '').join('');
}

function mappedParams(params: object): Record<string, JsonValue> {
  const mapped: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = RESPONSES_PARAMS[key];
    if (name === 'reasoning') mapped.reasoning = { effort: value as JsonValue };
    else if (name) mapped[name] = value as JsonValue;
  }
  return mapped;
}
