import type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

/**
 * Extra Chat Completions parameters sent with every request (temperature, max_completion_tokens,
 * seed, user, …). The lifecycle owns the rest: the conversation, the tools and how they are chosen,
 * streaming and the number of choices.
 */
export type RequestParams = Omit<ChatCompletionCreateParamsNonStreaming, LifecycleOwnedParam>;

/** Parameters only the lifecycle sets; `connecting` rejects them in `requestParams`. */
export const LIFECYCLE_OWNED_PARAMS = [
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'stream',
  'stream_options',
  'n',
  'functions',
  'function_call',
] as const;
type LifecycleOwnedParam = (typeof LIFECYCLE_OWNED_PARAMS)[number];

/** What a request is made of, apart from the tools, which the runner supplies. */
export interface RequestParts {
  model: string;
  messages: readonly ChatCompletionMessageParam[];
  /** `none` forces a final answer (the step limit or a loop was reached). */
  toolChoice: 'auto' | 'none';
  parallelToolCalls: boolean;
  requestParams: RequestParams;
  stream: boolean;
}

/**
 * The `connect` stage's product: the Chat Completions request for the current point of the
 * conversation. `parallel_tool_calls` and `tool_choice` exist only alongside `tools` (the API rejects
 * them otherwise).
 */
export function buildChatRequest(parts: RequestParts, tools: readonly ChatCompletionFunctionTool[]): ChatCompletionCreateParams {
  // The SDK only reads the request; the history is passed as it is, not copied per request.
  const request = { ...parts.requestParams, model: parts.model, messages: parts.messages } as ChatCompletionCreateParams;
  if (tools.length > 0) {
    request.tools = tools as ChatCompletionFunctionTool[];
    request.parallel_tool_calls = parts.parallelToolCalls;
    if (parts.toolChoice === 'none') request.tool_choice = 'none';
  }
  if (parts.stream) {
    request.stream = true;
    request.stream_options = { include_usage: true };
  }
  return request;
}
