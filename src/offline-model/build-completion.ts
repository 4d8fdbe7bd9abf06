import type {
  ChatCompletion,
  ChatCompletionCreateParams,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import type { IdSequence } from './id-sequence.js';
import type { ScriptedCompletionReply } from './scripted-reply.js';
import { estimatePromptTokens, estimateTokens, makeUsage } from './usage-estimate.js';

export interface CompletionIds {
  completion: IdSequence;
  toolCall: IdSequence;
}

/**
 * Turns a scripted reply into the exact object the API would return. Streaming is derived
 * from this same object, so both transports always carry identical content.
 */
export function buildCompletion(
  request: ChatCompletionCreateParams,
  reply: ScriptedCompletionReply,
  ids: CompletionIds,
): ChatCompletion {
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = (reply.toolCalls ?? []).map((call) => ({
    id: call.id ?? ids.toolCall.take(),
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
  const content = reply.content ?? null;

  const message: ChatCompletionMessage = { role: 'assistant', content, refusal: null, annotations: [] };
  // The API omits tool_calls entirely (rather than sending []) when the model called nothing.
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  const completionText = (content ?? '') + toolCalls.map((call) => call.function.name + call.function.arguments).join('');
  const usage = reply.usage
    ? makeUsage(reply.usage.prompt_tokens, reply.usage.completion_tokens)
    : makeUsage(estimatePromptTokens(request), estimateTokens(completionText));

  return {
    id: ids.completion.take(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_toolcycle_offline',
  };
}
