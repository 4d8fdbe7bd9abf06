import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { messageText } from './message-text.js';

/** The usual ~4 characters per token rule: no tokenizer offline, but counts stay deterministic and plausible. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimatePromptTokens(request: ChatCompletionCreateParams): number {
  let text = '';
  for (const message of request.messages) {
    text += messageText(message.content);
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) {
        if (call.type === 'function') text += call.function.name + call.function.arguments;
      }
    }
  }
  return estimateTokens(text);
}

export function makeUsage(promptTokens: number, completionTokens: number): CompletionUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    // The real API always includes the detail objects; clients that read them should not crash offline.
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}
