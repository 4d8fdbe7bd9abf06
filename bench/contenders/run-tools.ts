/**
 * openai-node's `runTools` with `zodFunction` tools: a zod failure becomes the `tool` message
 * content (the runner catches the parse error), so the model can retry. Streamed: the same call
 * with `stream: true` (a `ChatCompletionStreamingRunner`), content read from its `content` events.
 */
import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import { PROMPT } from '../scenarios.js';
import { ALL_TOOLS } from '../tools.js';
import { API_KEY, refuseHistory, type Contender } from './types.js';

export const runTools: Contender = {
  name: 'openai runTools',
  packages: ['openai'],
  async create(baseURL) {
    const client = new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0 });
    const tools = ALL_TOOLS.map((tool) =>
      zodFunction({ name: tool.name, description: tool.description, parameters: tool.parameters, function: (args) => tool.execute(args as never) }),
    );
    const run = (model: string, messages: OpenAI.ChatCompletionMessageParam[]) =>
      client.chat.completions.runTools({ model, messages, tools, parallel_tool_calls: true });
    return {
      turn: (scenario) => run(scenario.id, [{ role: 'user', content: PROMPT }]).finalContent(),
      conversation(scenario, history) {
        refuseHistory(runTools.name, history);
        let messages: OpenAI.ChatCompletionMessageParam[] = [];
        return {
          async turn() {
            const runner = run(scenario.id, [...messages, { role: 'user', content: PROMPT }]);
            const content = await runner.finalContent();
            messages = runner.messages;
            return content;
          },
          close: () => (messages = []),
        };
      },
      streamed: [
        {
          name: 'openai runTools',
          run(scenario, onToken) {
            const runner = client.chat.completions.runTools({
              model: scenario.id,
              messages: [{ role: 'user', content: PROMPT }],
              tools,
              parallel_tool_calls: true,
              stream: true,
            });
            runner.on('content', onToken);
            return runner.finalContent();
          },
        },
      ],
      idleSession: () => ({ messages: [] as OpenAI.ChatCompletionMessageParam[] }),
      sessionNote: 'a messages array (runTools is per call; client and tools shared)',
    };
  },
};
