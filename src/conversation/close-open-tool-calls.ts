import type { ChatCompletionMessageParam, ChatCompletionToolMessageParam } from 'openai/resources/chat/completions';
import { toolErrorContent } from './tool-call-record.js';

/**
 * A history whose last assistant message still waits for some of its calls (the session was stopped
 * in the middle of a round), with each unanswered call answered as cancelled, so the history can be
 * sent again or handed to a new session.
 */
export function closeOpenToolCalls(
  messages: readonly ChatCompletionMessageParam[],
  message = 'The session stopped before the tool finished.',
): readonly ChatCompletionMessageParam[] {
  let start = messages.length;
  while (start > 0 && messages[start - 1]!.role === 'tool') start -= 1;
  const asking = messages[start - 1];
  if (asking?.role !== 'assistant' || !asking.tool_calls?.length) return messages;
  const answered = new Set(messages.slice(start).map((answer) => (answer as ChatCompletionToolMessageParam).tool_call_id));
  const missing = asking.tool_calls.filter((call) => !answered.has(call.id));
  if (missing.length === 0) return messages;
  return [
    ...messages,
    ...missing.map((call) => ({
      role: 'tool' as const,
      tool_call_id: call.id,
      content: toolErrorContent({ kind: 'cancelled', message }),
    })),
  ];
}
