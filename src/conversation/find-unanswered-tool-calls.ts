import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export interface ConversationProblem {
  /** Index of the offending message. */
  index: number;
  message: string;
}

/**
 * The invariant every request must satisfy: an assistant message with `tool_calls` is followed,
 * before anything else, by exactly one `tool` message per `tool_call_id`, and every `tool` message
 * answers such a call. The API rejects any other history with a 400; we check before sending.
 */
export function findConversationProblem(messages: readonly ChatCompletionMessageParam[]): ConversationProblem | undefined {
  let awaiting: { index: number; ids: Set<string> } | undefined;
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      if (!awaiting || !awaiting.ids.delete(message.tool_call_id)) {
        return {
          index,
          message: `messages[${index}] answers tool_call_id "${message.tool_call_id}", which no preceding assistant message is waiting for.`,
        };
      }
      continue;
    }
    if (awaiting && awaiting.ids.size > 0) return unanswered(awaiting);
    awaiting = undefined;
    if (message.role === 'assistant' && message.tool_calls && message.tool_calls.length > 0) {
      const ids = new Set(message.tool_calls.map((call) => call.id));
      if (ids.size !== message.tool_calls.length) {
        return { index, message: `messages[${index}] repeats a tool_call_id.` };
      }
      awaiting = { index, ids };
    }
  }
  return awaiting && awaiting.ids.size > 0 ? unanswered(awaiting) : undefined;
}

function unanswered(awaiting: { index: number; ids: Set<string> }): ConversationProblem {
  return {
    index: awaiting.index,
    message: `messages[${awaiting.index}] has tool_calls without a tool message: ${[...awaiting.ids].join(', ')}.`,
  };
}
