import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { LifecycleContext } from '../../machines/lifecycle-types.js';

/**
 * The `connect` stage's product: the request for the current point of the conversation.
 * `parallel_tool_calls` and `tool_choice` exist only alongside `tools` (the API rejects them
 * otherwise); `tool_choice: "none"` forces a final answer once the step limit is reached.
 */
export function buildChatRequest(context: LifecycleContext): ChatCompletionCreateParamsNonStreaming {
  const request: ChatCompletionCreateParamsNonStreaming = {
    ...context.requestParams,
    model: context.model,
    messages: [...context.messages],
  };
  if (context.toolbox.definitions.length > 0) {
    request.tools = [...context.toolbox.definitions];
    request.parallel_tool_calls = context.parallelToolCalls;
    if (context.turn.steps >= context.maxSteps) request.tool_choice = 'none';
  }
  return request;
}
