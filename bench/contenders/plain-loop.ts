/**
 * The hand-written loop, done right: every `tool_call_id` gets exactly one `tool` message (bad JSON,
 * failed validation, unknown tool and a throwing tool included), tool calls of a round run
 * concurrently, and the loop is bounded.
 */
import OpenAI from 'openai';
import type { ChatCompletionFunctionTool, ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { ALL_TOOLS, PROMPT, type AnyTool } from '../scenarios.js';
import { API_KEY, type Contender, type ContenderInstance } from './types.js';

const MAX_STEPS = 8;

export const plainLoop: Contender = {
  name: 'plain loop',
  packages: ['openai'],
  create: async (baseURL) => createPlainLoop(new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0 })),
};

/** The loop on any client (bench/lifecycle-cpu.ts passes one that answers without HTTP). */
export function createPlainLoop(client: OpenAI): ContenderInstance {
  const byName = new Map<string, AnyTool>(ALL_TOOLS.map((tool) => [tool.name, tool]));
  const tools: ChatCompletionFunctionTool[] = ALL_TOOLS.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: z.toJSONSchema(tool.parameters) as Record<string, unknown>, strict: true },
  }));

  const runCall = async (call: ChatCompletionMessageToolCall): Promise<ChatCompletionMessageParam> => {
    const answer = (content: string): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: call.id, content });
    if (call.type !== 'function') return answer('Error: only function tools are supported.');
    const tool = byName.get(call.function.name);
    if (!tool) return answer(`Error: unknown tool "${call.function.name}".`);
    let raw: unknown;
    try {
      raw = JSON.parse(call.function.arguments || '{}');
    } catch (error) {
      return answer(`Error: arguments are not valid JSON: ${(error as Error).message}`);
    }
    const parsed = tool.parameters.safeParse(raw);
    if (!parsed.success) return answer(`Error: invalid arguments: ${z.prettifyError(parsed.error)}`);
    try {
      const result = await tool.execute(parsed.data);
      return answer(typeof result === 'string' ? result : JSON.stringify(result));
    } catch (error) {
      return answer(`Error: ${(error as Error).message}`);
    }
  };

  const run = async (messages: ChatCompletionMessageParam[], model: string) => {
    for (let step = 0; ; step += 1) {
      const completion = await client.chat.completions.create({
        model,
        messages,
        tools,
        parallel_tool_calls: true,
        ...(step >= MAX_STEPS ? { tool_choice: 'none' as const } : {}),
      });
      const message = completion.choices[0]!.message;
      messages.push({ role: 'assistant', content: message.content, ...(message.tool_calls?.length ? { tool_calls: message.tool_calls } : {}) });
      if (!message.tool_calls?.length || step >= MAX_STEPS) return message.content;
      messages.push(...(await Promise.all(message.tool_calls.map(runCall))));
    }
  };

  return {
    turn: (scenario) => run([{ role: 'user', content: PROMPT }], scenario.id),
    idleSession: () => ({ messages: [] as ChatCompletionMessageParam[] }),
    sessionNote: 'a messages array (the loop is stateless; client and tools shared)',
  };
}
