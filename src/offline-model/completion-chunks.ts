import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import type { ScriptedStreamControls } from './scripted-reply.js';

type Delta = ChatCompletionChunk.Choice.Delta;
type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall;

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

/** Exactly `count` pieces of near-equal length (fewer only when the text is shorter), split on code points. */
export function splitIntoCount(text: string, count: number): string[] {
  const codePoints = Array.from(text);
  // `|| 1` also turns NaN into one piece rather than none, which would drop the arguments.
  const pieces = Math.min(Math.max(1, Math.floor(count) || 1), codePoints.length);
  return Array.from({ length: pieces }, (_, i) =>
    codePoints.slice(Math.floor((i * codePoints.length) / pieces), Math.floor(((i + 1) * codePoints.length) / pieces)).join(''),
  );
}

/**
 * Replays a finished completion as the chunk sequence OpenAI streams: a role chunk, content
 * deltas, each tool call announced with id/name then its arguments in pieces, a finish chunk
 * with an empty delta and, when asked for, a trailing usage chunk with no choices. `controls`
 * reshapes the tool-call deltas the way other servers (or broken ones) send them.
 */
export function completionToChunks(
  completion: ChatCompletion,
  includeUsage: boolean,
  controls: ScriptedStreamControls = {},
): ChatCompletionChunk[] {
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
  if (message.content !== null && message.content.length > 0) {
    chunks.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of splitIntoPieces(message.content, CONTENT_PIECE_LENGTH)) chunks.push(chunk({ content: piece }));
  }

  const toolCalls = (message.tool_calls ?? []).filter((call) => call.type === 'function');
  const perCall = toolCalls.map((call, index) => toolCallDeltas(call, index, controls));
  for (const toolCall of controls.interleave ? roundRobin(perCall) : perCall.flat()) {
    // A tool-only reply carries its role on the first tool-call chunk, as the API does.
    chunks.push(
      chunks.length === 0
        ? chunk({ role: 'assistant', content: null, tool_calls: [toolCall], refusal: null })
        : chunk({ tool_calls: [toolCall] }),
    );
  }

  if (chunks.length === 0) chunks.push(chunk({ role: 'assistant', content: '', refusal: null }));
  chunks.push(chunk({}, choice.finish_reason));

  if (includeUsage && completion.usage) {
    chunks.push({ ...chunk({}), choices: [], usage: completion.usage });
  }
  return chunks;
}

/** The announcing delta (id, type, name, empty arguments), then one delta per argument fragment. */
function toolCallDeltas(
  call: ChatCompletionMessageFunctionToolCall,
  position: number,
  controls: ScriptedStreamControls,
): ToolCallDelta[] {
  const { arguments: args, name } = call.function;
  const fragments =
    controls.argumentFragments === undefined
      ? splitIntoPieces(args, ARGUMENT_PIECE_LENGTH)
      : splitIntoCount(args, controls.argumentFragments);
  const repeatId = controls.idOnlyInFirstFragment === false;
  const deltas: ToolCallDelta[] = [
    { index: position, id: call.id, type: 'function', function: { name, arguments: '' } },
    ...fragments.map((piece) => ({ index: position, ...(repeatId ? { id: call.id } : {}), function: { arguments: piece } })),
  ];
  return deltas.map((delta) => withIndex(delta, controls.index ?? 'normal'));
}

function withIndex(delta: ToolCallDelta, mode: NonNullable<ScriptedStreamControls['index']>): ToolCallDelta {
  if (mode === 'normal') return delta;
  if (mode === 'zero') return { ...delta, index: 0 };
  const { index: _omitted, ...rest } = delta;
  // Deliberately off the SDK's type: the fault is a delta without the index OpenAI always sends.
  return rest as ToolCallDelta;
}

/** The first item of every list, then the second of every list, and so on. */
export function roundRobin<T>(lists: readonly (readonly T[])[]): T[] {
  const longest = Math.max(0, ...lists.map((list) => list.length));
  const merged: T[] = [];
  for (let i = 0; i < longest; i += 1) {
    for (const list of lists) if (i < list.length) merged.push(list[i]!);
  }
  return merged;
}
