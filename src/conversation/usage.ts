export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

export function addUsage(total: TokenUsage, usage: TokenUsage | null): TokenUsage {
  if (!usage) return total;
  return {
    promptTokens: total.promptTokens + usage.promptTokens,
    completionTokens: total.completionTokens + usage.completionTokens,
    totalTokens: total.totalTokens + usage.totalTokens,
  };
}

/** The usage of a reply as a wire adapter reads it; anything not a whole number counts as 0. */
export function tokenUsage(prompt: unknown, completion: unknown, total?: unknown): TokenUsage {
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0);
  const promptTokens = count(prompt);
  const completionTokens = count(completion);
  return { promptTokens, completionTokens, totalTokens: total === undefined ? promptTokens + completionTokens : count(total) };
}
