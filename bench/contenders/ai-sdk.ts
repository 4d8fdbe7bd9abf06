/**
 * Vercel AI SDK: `generateText` with tools and `stopWhen: stepCountIs(n)`, through the OpenAI
 * provider's Chat Completions model (`provider.chat(id)`; the default `provider(id)` is the
 * Responses API). Invalid tool input does not throw: the SDK marks the call invalid, sends the
 * validation error back as a tool-error result and continues the loop.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, tool, type ModelMessage, type ToolSet } from 'ai';
import { ALL_TOOLS, PROMPT } from '../scenarios.js';
import { API_KEY, type Contender } from './types.js';

export const aiSdk: Contender = {
  name: 'AI SDK generateText',
  packages: ['ai', '@ai-sdk/openai'],
  async create(baseURL) {
    const provider = createOpenAI({ baseURL, apiKey: API_KEY });
    const tools: ToolSet = Object.fromEntries(
      ALL_TOOLS.map((shared) => [
        shared.name,
        tool({ description: shared.description, inputSchema: shared.parameters, execute: (args) => shared.execute(args) }),
      ]),
    );
    return {
      async turn(scenario) {
        const result = await generateText({
          model: provider.chat(scenario.id),
          prompt: PROMPT,
          tools,
          stopWhen: stepCountIs(9),
          maxRetries: 0,
        });
        return result.text;
      },
      idleSession: () => ({ messages: [] as ModelMessage[] }),
      sessionNote: 'a ModelMessage array (generateText is stateless; provider and tools shared)',
    };
  },
};
