/**
 * Prior conversation for the fixed-history scenarios: `count` messages of earlier turns shaped like
 * real ones (a question, a tool call, its result, the answer), valid for the API, so the server
 * checks every one of them on every request as it would check a real history.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export const HISTORY_SIZES = [10, 100, 1_000, 5_000] as const;

/** `count` must be even: whole turns of 4 messages, plus one question-and-answer pair when count % 4 is 2. */
export function priorHistory(count: number): ChatCompletionMessageParam[] {
  if (!Number.isInteger(count) || count < 0 || count % 2 !== 0) throw new RangeError(`history size must be an even number, got ${count}`);
  const messages: ChatCompletionMessageParam[] = [];
  for (let turn = 0; messages.length + 4 <= count; turn += 1) {
    const id = `call_history_${turn}`;
    messages.push(
      { role: 'user', content: `Earlier question ${turn}: what is the weather in city ${turn}?` },
      { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'get_weather', arguments: `{"city":"City ${turn}"}` } }] },
      { role: 'tool', tool_call_id: id, content: `City ${turn}: 18C, clear` },
      { role: 'assistant', content: `In city ${turn} it is 18C and clear.` },
    );
  }
  if (messages.length < count) messages.push({ role: 'user', content: 'One more question.' }, { role: 'assistant', content: 'One more answer.' });
  return messages;
}
