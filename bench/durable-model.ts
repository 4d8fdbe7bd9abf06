/**
 * The durable benchmark's model: the offline server with a responder whose answers depend only on
 * the conversation (a re-sent request gets the same answer), and whose latency is the request's
 * `model`: `lat-50` answers after 50 ms. The user message `wait <ms>` asks for one call of the
 * `wait` tool; the tool's result is answered with `done`.
 */
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { startOfflineModel, type ScriptedReply } from '../src/offline-model/index.js';

export const modelWithLatency = (ms: number) => `lat-${ms}`;

export function startBenchModel() {
  return startOfflineModel({
    recordRequests: false,
    script: async (request: ChatCompletionCreateParams): Promise<ScriptedReply> => {
      const latency = Number(/^lat-(\d+)$/.exec(request.model)?.[1] ?? 0);
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      const last = request.messages.at(-1)!;
      if (last.role === 'user') {
        const ms = Number(/^wait (\d+)$/.exec(String(last.content))?.[1] ?? 0);
        return { toolCalls: [{ id: 'call_wait', name: 'wait', arguments: { ms } }], usage: { prompt_tokens: 20, completion_tokens: 5 } };
      }
      return { content: 'done', usage: { prompt_tokens: 30, completion_tokens: 1 } };
    },
  });
}
