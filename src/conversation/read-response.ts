import type { ChatCompletionAssistantMessageParam } from 'openai/resources/chat/completions';
import { describeValue, isRecord, type JsonValue } from './json.js';
import type { FinishReason, ReadReply, RequestedToolCall } from './model-reply.js';
import { argumentsText, callIdOf, functionCall, withUniqueIds, wireToolCall } from './requested-tool-call.js';
import { tokenUsage } from './usage.js';

/**
 * Reads a Responses API response (`client.responses.create`, or the `response` of a
 * `response.completed` event) into the same reply Chat Completions gives: the answer text, the
 * `function_call` items as tool calls (their `call_id` is the id the answer must carry), and what the
 * next request needs (the response id, reasoning items). Checked as defensively as a chat completion.
 */
export function readResponse(value: unknown): ReadReply {
  if (typeof value === 'string') return { ok: false, problem: `the response is not JSON (it starts with ${JSON.stringify(value.trim().slice(0, 60))})` };
  if (!isRecord(value)) return { ok: false, problem: `the response is ${describeValue(value)}, not a response object` };
  if (value['status'] === 'failed') {
    const error = isRecord(value['error']) ? value['error'] : {};
    return { ok: false, problem: `the response failed: ${typeof error['message'] === 'string' ? error['message'] : 'no reason given'}` };
  }
  const output = value['output'];
  if (!Array.isArray(output)) return { ok: false, problem: 'the response has no `output` array' };
  if (typeof value['id'] !== 'string' || value['id'] === '') return { ok: false, problem: 'the response has no id' };

  let text = '';
  let sawText = false;
  let refusal = '';
  const calls: RequestedToolCall[] = [];
  const items: JsonValue[] = [];
  for (const item of output) {
    if (!isRecord(item)) continue;
    if (item['type'] === 'message' && Array.isArray(item['content'])) {
      for (const part of item['content']) {
        if (!isRecord(part)) continue;
        if (part['type'] === 'output_text' && typeof part['text'] === 'string') {
          text += part['text'];
          sawText = true;
        } else if (part['type'] === 'refusal' && typeof part['refusal'] === 'string') refusal += part['refusal'];
      }
    } else if (item['type'] === 'function_call') {
      calls.push(functionCall(callIdOf(item['call_id']), item['name'], argumentsText(item['arguments'])));
    } else if (item['type'] === 'reasoning') {
      items.push(item as JsonValue);
    }
  }
  const toolCalls = withUniqueIds(calls);
  // The server holds the ids it sent: outputs for ids renamed here could not follow this response.
  const continuable = toolCalls.every((call, index) => call.id === calls[index]!.id);

  const message: ChatCompletionAssistantMessageParam = { role: 'assistant', content: sawText ? text : null };
  if (refusal) message.refusal = refusal;
  if (toolCalls.length > 0) message.tool_calls = toolCalls.map(wireToolCall);
  if (message.content === null && toolCalls.length === 0 && !refusal) message.content = '';

  const usage = isRecord(value['usage'])
    ? tokenUsage(value['usage']['input_tokens'], value['usage']['output_tokens'], value['usage']['total_tokens'])
    : null;
  return {
    ok: true,
    reply: { message, content: text, toolCalls, finishReason: finishReasonOf(value, toolCalls.length > 0), usage, continuation: { responseId: value['id'], items, continuable } },
  };
}

function finishReasonOf(response: Record<string, unknown>, calledTools: boolean): FinishReason {
  if (response['status'] === 'incomplete') {
    const reason = isRecord(response['incomplete_details']) ? response['incomplete_details']['reason'] : undefined;
    return reason === 'content_filter' ? 'content_filter' : 'length';
  }
  return calledTools ? 'tool_calls' : 'stop';
}
