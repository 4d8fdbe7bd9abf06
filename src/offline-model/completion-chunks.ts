import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';

type Delta = ChatCompletionChunk.Choice.Delta;

/** Small pieces so clients exercise real delta accumulation rather than one-shot strings. */
const CONTENT_PIECE_LENGTH = 12;
const ARGUMENT_PIECE_LENGTH = 8;

/** Splits on code points so a multi-byte character is never cut in half across deltas. */
export function splitIntoPieces(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < codePoints.length; i += size) pieces.push(codePoints.slice(i, i + size).join(''));
  return pieces;
}

/**
 * Replays a finished completion as the chunk sequence OpenAI streams: a role chunk, content
 * deltas, each tool call announced with id/name then its arguments in pieces, a finish chunk
 * with an empty delta and, when asked for, a trailing usage chunk with no choices.
 */
export function completionToChunks(completion: ChatCompletion, includeUsage: boolean): ChatCompletionChunk[] {
  const choice = completion.choices[0];
  if (!choice) return [];
  const { message } = choice;

  const chunk = (delta: Delta, finishReason: ChatCompletionChunk.Choice['finish_reason'] = null): ChatCompletionChunk => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    service_tier: completion.service_tier ?? null,
    system_fingerprint: completion.system_fingerprint ?? 'fp_toolcycle_offline',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // With include_usage the API puts `usage: null` on every chunk before the usage chunk.
    ...(includeUsage ? { usage: null } : {}),
  });

  const chunks: ChatCompletionChunk[] = [];
  const toolCalls = (message.tool_calls ?? []).filter((call) => call.type === 'function');

  if (message.content !== null && message.content.length > 0) {
    chunks.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of splitIntoPieces(message.content, CONTENT_PIECE_LENGTH)) chunks.push(chunk({ content: piece }));
  }

  toolCalls.forEach((call, index) => {
    const announce: ChatCompletionChunk.Choice.Delta.ToolCall = { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
    // A tool-only reply carries its role on the first tool-call chunk, as the API does.
    chunks.push(
      chunks.length === 0
        ? chunk({ role: 'assistant', content: null, tool_calls: [announce], refusal: null })
        : chunk({ tool_calls: [announce] }),
    );
    for (const piece of splitIntoPieces(call.function.arguments, ARGUMENT_PIECE_LENGTH)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });

  if (chunks.length === 0) chunks.push(chunk({ role: 'assistant', content: '', refusal: null }));
  chunks.push(chunk({}, choice.finish_reason));

  if (includeUsage && completion.usage) {
    chunks.push({ ...chunk({}), choices: [], usage: completion.usage });
  }
  return chunks;
}
