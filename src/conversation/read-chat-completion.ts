import type { ChatCompletionAssistantMessageParam } from 'openai/resources/chat/completions';
import { describeValue, isRecord } from './json.js';
import type { FinishReason, ReadReply, RequestedToolCall } from './model-reply.js';
import { argumentsText, callIdOf, functionCall, malformedCall, withUniqueIds, wireToolCall } from './requested-tool-call.js';
import { tokenUsage } from './usage.js';

/**
 * Reads a Chat Completions response the SDK handed back. The SDK parses JSON but checks nothing, and
 * OpenAI-compatible servers send all sorts: whatever comes back, either the reply is normalized into
 * a message the API accepts later, or the response is refused with a reason before anything is recorded.
 */
export function readChatCompletion(value: unknown): ReadReply {
  if (typeof value === 'string') {
    const start = value.trim().slice(0, 60).replace(/\s+/g, ' ');
    return { ok: false, problem: `the response is not JSON (it starts with ${JSON.stringify(start)})` };
  }
  if (!isRecord(value)) return { ok: false, problem: `the response is ${describeValue(value)}, not a chat completion object` };
  const choices = value['choices'];
  if (!Array.isArray(choices)) return { ok: false, problem: 'the response has no `choices` array' };
  if (choices.length === 0) return { ok: false, problem: 'the response has an empty `choices` array' };
  const choice: unknown = choices[0];
  if (!isRecord(choice)) return { ok: false, problem: `choices[0] is ${describeValue(choice)}` };
  const message = choice['message'];
  if (!isRecord(message)) return { ok: false, problem: `choices[0] has no message (it is ${describeValue(message)})` };

  const content = readContent(message['content']);
  if (content === undefined) return { ok: false, problem: `the message content is ${describeValue(message['content'])}` };
  const rawCalls = message['tool_calls'];
  if (rawCalls !== undefined && rawCalls !== null && !Array.isArray(rawCalls)) {
    return { ok: false, problem: `the message's tool_calls is ${describeValue(rawCalls)}, not an array` };
  }
  const toolCalls = withUniqueIds((rawCalls ?? []).map(readToolCall));
  let finishReason = readFinishReason(choice['finish_reason']);
  if (finishReason === 'tool_calls' && toolCalls.length === 0) {
    if (!content) return { ok: false, problem: 'finish_reason is "tool_calls" but the message has neither tool calls nor content' };
    finishReason = 'stop';
  }
  const refusal = typeof message['refusal'] === 'string' && message['refusal'] !== '' ? message['refusal'] : null;

  const recorded: ChatCompletionAssistantMessageParam = { role: 'assistant', content };
  if (refusal) recorded.refusal = refusal;
  if (toolCalls.length > 0) recorded.tool_calls = toolCalls.map(wireToolCall);
  // An empty generation arrives as `content: null`; the API rejects such a message in a later
  // request unless it has tool_calls, so it is kept as the empty answer it is.
  if (content === null && toolCalls.length === 0 && !refusal) recorded.content = '';

  const usage = isRecord(value['usage'])
    ? tokenUsage(value['usage']['prompt_tokens'], value['usage']['completion_tokens'], value['usage']['total_tokens'])
    : null;
  return { ok: true, reply: { message: recorded, content: content ?? '', toolCalls, finishReason, usage, continuation: null } };
}

/** A string, null for none, or undefined when nothing sensible can be made of it. */
function readContent(content: unknown): string | null | undefined {
  if (content === null || content === undefined) return null;
  if (typeof content === 'string') return content;
  if (typeof content === 'number' || typeof content === 'boolean') return String(content);
  // Some servers answer with content parts, as requests may send them.
  if (Array.isArray(content) && content.every((part) => isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string')) {
    return content.map((part) => (part as { text: string }).text).join('');
  }
  return undefined;
}

function readFinishReason(reason: unknown): FinishReason {
  if (reason === 'length' || reason === 'content_filter' || reason === 'tool_calls') return reason;
  return reason === 'function_call' ? 'tool_calls' : 'stop';
}

function readToolCall(entry: unknown): RequestedToolCall {
  if (!isRecord(entry)) return malformedCall('', `the tool call is ${describeValue(entry)}`);
  const id = callIdOf(entry['id']);
  const type = entry['type'] ?? (isRecord(entry['custom']) && !isRecord(entry['function']) ? 'custom' : 'function');
  if (type === 'custom') {
    const custom = entry['custom'];
    if (!isRecord(custom) || typeof custom['name'] !== 'string') return malformedCall(id, 'a custom tool call without `custom.name`');
    return { id, kind: 'custom', name: custom['name'], arguments: argumentsText(custom['input']), defect: null };
  }
  if (type !== 'function') return malformedCall(id, `a tool call of unknown type ${JSON.stringify(type)}`);
  const fn = entry['function'];
  if (!isRecord(fn)) return malformedCall(id, 'a tool call without `function`');
  return functionCall(id, fn['name'], argumentsText(fn['arguments']));
}
