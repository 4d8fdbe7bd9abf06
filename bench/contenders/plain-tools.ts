/** The plain loops' tools: JSON Schema definitions from zod, and one call answered, whatever goes wrong. */
import type { ChatCompletionFunctionTool, ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { ALL_TOOLS, type AnyTool } from '../tools.js';

export const MAX_STEPS = 8;

export interface PlainTools {
  definitions: ChatCompletionFunctionTool[];
  run(call: ChatCompletionMessageToolCall): Promise<ChatCompletionMessageParam>;
}

export function createPlainTools(): PlainTools {
  const byName = new Map<string, AnyTool>(ALL_TOOLS.map((tool) => [tool.name, tool]));
  const definitions: ChatCompletionFunctionTool[] = ALL_TOOLS.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: z.toJSONSchema(tool.parameters) as Record<string, unknown>, strict: true },
  }));
  const run = async (call: ChatCompletionMessageToolCall): Promise<ChatCompletionMessageParam> => {
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
  return { definitions, run };
}
