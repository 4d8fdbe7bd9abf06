/**
 * The hand-written streaming loop: `chat.completions.create({ stream: true })`, content and tool-call
 * deltas accumulated by hand (calls keyed by their `index`, the id and name from the announcing
 * delta, argument fragments appended), then the same tool round as the plain loop.
 */
import type OpenAI from 'openai';
import type { ChatCompletionMessageFunctionToolCall, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { MAX_STEPS, type PlainTools } from './plain-tools.js';

export async function runPlainStreamLoop(
  client: OpenAI,
  tools: PlainTools,
  messages: ChatCompletionMessageParam[],
  model: string,
  onToken: () => void,
) {
  for (let step = 0; ; step += 1) {
    const stream = await client.chat.completions.create({
      model,
      messages,
      tools: tools.definitions,
      parallel_tool_calls: true,
      stream: true,
      ...(step >= MAX_STEPS ? { tool_choice: 'none' as const } : {}),
    });
    let content = '';
    const calls: ChatCompletionMessageFunctionToolCall[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        content += delta.content;
        onToken();
      }
      for (const fragment of delta.tool_calls ?? []) {
        const call = (calls[fragment.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (fragment.id) call.id = fragment.id;
        if (fragment.function?.name) call.function.name += fragment.function.name;
        if (fragment.function?.arguments) call.function.arguments += fragment.function.arguments;
      }
    }
    const toolCalls = calls.filter(Boolean);
    messages.push({ role: 'assistant', content: content || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
    if (toolCalls.length === 0 || step >= MAX_STEPS) return content;
    messages.push(...(await Promise.all(toolCalls.map(tools.run))));
  }
}
