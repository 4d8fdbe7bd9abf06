import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';

/**
 * Some OpenAI-compatible servers send tool calls with an empty or repeated `id`. Every call needs
 * its own id for its `tool` message, so such calls get one derived from their position; the
 * recorded assistant message carries the same ids, which keeps the history consistent.
 */
export function uniqueToolCallIds(toolCalls: readonly ChatCompletionMessageToolCall[]): ChatCompletionMessageToolCall[] {
  const seen = new Set<string>();
  return toolCalls.map((call, index) => {
    let id = call.id;
    if (!id || seen.has(id)) {
      id = `${call.id || 'call'}_${index}`;
      while (seen.has(id)) id = `${id}_`;
    }
    seen.add(id);
    return id === call.id ? call : { ...call, id };
  });
}
