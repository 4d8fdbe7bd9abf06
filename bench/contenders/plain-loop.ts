/**
 * The hand-written loop, done right: every `tool_call_id` gets exactly one `tool` message (bad JSON,
 * failed validation, unknown tool and a throwing tool included), tool calls of a round run
 * concurrently, and the loop is bounded. The streaming loop is in plain-stream-loop.ts.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { PROMPT } from '../scenarios.js';
import { createPlainTools, MAX_STEPS, type PlainTools } from './plain-tools.js';
import { runPlainStreamLoop } from './plain-stream-loop.js';
import { API_KEY, type Contender, type ContenderInstance } from './types.js';

export const plainLoop: Contender = {
  name: 'plain loop',
  packages: ['openai'],
  create: async (baseURL) => createPlainLoop(new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0 })),
};

/** Runs the conversation in `messages` (appending to it) until the model answers. */
export async function runPlainLoop(client: OpenAI, tools: PlainTools, messages: ChatCompletionMessageParam[], model: string) {
  for (let step = 0; ; step += 1) {
    const completion = await client.chat.completions.create({
      model,
      messages,
      tools: tools.definitions,
      parallel_tool_calls: true,
      ...(step >= MAX_STEPS ? { tool_choice: 'none' as const } : {}),
    });
    const message = completion.choices[0]!.message;
    messages.push({ role: 'assistant', content: message.content, ...(message.tool_calls?.length ? { tool_calls: message.tool_calls } : {}) });
    if (!message.tool_calls?.length || step >= MAX_STEPS) return message.content;
    messages.push(...(await Promise.all(message.tool_calls.map(tools.run))));
  }
}

/** The loop on any client (bench/lifecycle-cpu.ts passes one that answers without HTTP). */
export function createPlainLoop(client: OpenAI): ContenderInstance {
  const tools = createPlainTools();
  return {
    turn: (scenario) => runPlainLoop(client, tools, [{ role: 'user', content: PROMPT }], scenario.id),
    conversation(scenario, history = []) {
      const messages = [...history];
      return {
        turn: () => {
          messages.push({ role: 'user', content: PROMPT });
          return runPlainLoop(client, tools, messages, scenario.id);
        },
        close: () => (messages.length = 0),
      };
    },
    streamed: [
      {
        name: 'plain loop',
        run: (scenario, onToken) => runPlainStreamLoop(client, tools, [{ role: 'user', content: PROMPT }], scenario.id, onToken),
      },
    ],
    idleSession: () => ({ messages: [] as ChatCompletionMessageParam[] }),
    sessionNote: 'a messages array (the loop is stateless; client and tools shared)',
  };
}
