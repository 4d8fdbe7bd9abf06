import type { CompletionUsage } from 'openai/resources/completions';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export function addUsage(total: TokenUsage, usage: CompletionUsage | undefined): TokenUsage {
  if (!usage) return total;
  return {
    promptTokens: total.promptTokens + usage.prompt_tokens,
    completionTokens: total.completionTokens + usage.completion_tokens,
    totalTokens: total.totalTokens + usage.total_tokens,
  };
}
