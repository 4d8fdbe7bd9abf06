import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { StreamedTurnEvent } from '../../machines/lifecycle-types.js';
import { ChatStreamAccumulator } from '../../src/actors/chat-stream-accumulator.js';
import type { ModelReply } from '../../src/conversation/model-reply.js';
import { readChatCompletion } from '../../src/conversation/read-chat-completion.js';
import { buildCompletion } from '../../src/offline-model/build-completion.js';
import { completionToChunks } from '../../src/offline-model/completion-chunks.js';
import { IdSequence } from '../../src/offline-model/id-sequence.js';
import type { ScriptedCompletionReply } from '../../src/offline-model/scripted-reply.js';
import { scriptedCall, type CallKind } from './call-kinds.js';

/**
 * What the scripted model answers, and what the lifecycle must read from it. The traversal computes
 * each reply with the offline model's own builder and toolcycle's own reader, exactly as the server
 * and the request actor do on the wire; the replay then demands the very same reply from the live
 * actor, streamed or not.
 */

export interface Answer {
  calls: readonly CallKind[];
  /** The model (or a loose OpenAI-compatible server) sends the same id for every call. */
  repeatedId?: boolean;
  /** An empty generation: `content: null` and no tool calls. */
  emptyContent?: boolean;
}

export function answerLabel({ calls, repeatedId = false, emptyContent = false }: Answer): string {
  return `answer[${calls.join(',')}]${repeatedId ? '(repeated id)' : ''}${emptyContent ? '(empty)' : ''}`;
}

/** Fixed token counts: the usage then depends on nothing the traversal cannot see. */
const USAGE = { prompt_tokens: 20, completion_tokens: 5 };

export function scriptFor({ calls, repeatedId = false, emptyContent = false }: Answer, idPrefix: string): ScriptedCompletionReply {
  if (calls.length === 0) return { content: emptyContent ? null : 'Here is the answer.', usage: USAGE };
  return { content: null, toolCalls: calls.map((kind, index) => scriptedCall(kind, `${idPrefix}_${repeatedId ? 0 : index}`)), usage: USAGE };
}

function completionFor(script: ScriptedCompletionReply, model: string) {
  const request = { model, messages: [] } as ChatCompletionCreateParams;
  const ids = { completion: new IdSequence('chatcmpl-model-based'), toolCall: new IdSequence('call_model_based') };
  // Through JSON, as over the wire: what the reader sees has no undefined and no shared objects.
  return JSON.parse(JSON.stringify(buildCompletion(request, script, ids))) as unknown;
}

export function modelReplyFor(script: ScriptedCompletionReply, model: string): ModelReply {
  const read = readChatCompletion(completionFor(script, model));
  if (!read.ok) throw new Error(`the scripted reply cannot be read: ${read.problem}`);
  return read.reply;
}

/** The deltas a streamed request reports for this reply, in order, as the live request actor produces them. */
export function streamedEventsFor(script: ScriptedCompletionReply, model: string): StreamedTurnEvent[] {
  const completion = completionFor(script, model) as Parameters<typeof completionToChunks>[0];
  const stream = new ChatStreamAccumulator();
  return completionToChunks(completion, true).flatMap((chunk) => stream.add(JSON.parse(JSON.stringify(chunk))));
}
