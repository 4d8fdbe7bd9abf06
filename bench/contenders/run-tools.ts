/**
 * openai-node's `runTools` with `zodFunction` tools: a zod failure becomes the `tool` message
 * content (the runner catches the parse error), so the model can retry.
 */
import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import { ALL_TOOLS, PROMPT } from '../scenarios.js';
import { API_KEY, type Contender } from './types.js';

export const runTools: Contender = {
  name: 'openai runTools',
  packages: ['openai'],
  async create(baseURL) {
    const client = new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0 });
    const tools = ALL_TOOLS.map((tool) =>
      zodFunction({ name: tool.name, description: tool.description, parameters: tool.parameters, function: (args) => tool.execute(args as never) }),
    );
    return {
      async turn(scenario) {
        const runner = client.chat.completions.runTools({
          model: scenario.id,
          messages: [{ role: 'user', content: PROMPT }],
          tools,
          parallel_tool_calls: true,
        });
        return runner.finalContent();
      },
      idleSession: () => ({ messages: [] as OpenAI.ChatCompletionMessageParam[] }),
      sessionNote: 'a messages array (runTools is per call; client and tools shared)',
    };
  },
};
