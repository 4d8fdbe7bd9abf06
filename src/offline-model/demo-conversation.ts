import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { messageText } from './message-text.js';

/** A tool call the model made in the current turn together with the result the client sent back. */
export interface ToolExchange {
  name: string;
  rawArguments: string;
  /** Parsed arguments, or undefined when they were not valid JSON. */
  arguments: unknown;
  result: string;
}

export interface DemoTurn {
  /** Text of the last user message; undefined when the conversation has none. */
  userText: string | undefined;
  /** Tool calls answered since that message, in the order their results arrived. */
  exchanges: ToolExchange[];
}

/**
 * The demo is stateless: everything it knows about progress comes from the messages after
 * the last user message, exactly as a real model sees a conversation.
 */
export function readTurn(messages: readonly ChatCompletionMessageParam[]): DemoTurn {
  let lastUser = -1;
  messages.forEach((message, index) => {
    if (message.role === 'user') lastUser = index;
  });
  const userMessage = messages[lastUser];
  const userText = userMessage ? messageText(userMessage.content) : undefined;

  const calls = new Map<string, { name: string; rawArguments: string }>();
  const exchanges: ToolExchange[] = [];
  for (const message of messages.slice(lastUser + 1)) {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) {
        if (call.type === 'function') calls.set(call.id, { name: call.function.name, rawArguments: call.function.arguments });
      }
    } else if (message.role === 'tool') {
      const call = calls.get(message.tool_call_id);
      if (!call) continue;
      exchanges.push({ ...call, arguments: parseJson(call.rawArguments), result: messageText(message.content) });
    }
  }
  return { userText, exchanges };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
