/**
 * Vercel AI SDK: `generateText` / `streamText` with tools and `stopWhen: stepCountIs(n)`, through the
 * OpenAI provider's Chat Completions model (`provider.chat(id)`; the default `provider(id)` is the
 * Responses API). Invalid tool input does not throw: the SDK marks the call invalid, sends the
 * validation error back as a tool-error result and continues the loop.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool, type ModelMessage, type ToolSet } from 'ai';
import { PROMPT } from '../scenarios.js';
import { ALL_TOOLS } from '../tools.js';
import { API_KEY, refuseHistory, type Contender } from './types.js';

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
    const settings = { tools, stopWhen: stepCountIs(9), maxRetries: 0 };
    return {
      turn: async (scenario) => (await generateText({ model: provider.chat(scenario.id), prompt: PROMPT, ...settings })).text,
      conversation(scenario, history) {
        refuseHistory(aiSdk.name, history);
        let messages: ModelMessage[] = [];
        return {
          async turn() {
            messages = [...messages, { role: 'user', content: PROMPT }];
            const result = await generateText({ model: provider.chat(scenario.id), messages, ...settings });
            messages = [...messages, ...result.response.messages];
            return result.text;
          },
          close: () => (messages = []),
        };
      },
      streamed: [
        {
          name: 'AI SDK streamText',
          async run(scenario, onToken) {
            const result = streamText({ model: provider.chat(scenario.id), prompt: PROMPT, ...settings });
            for await (const _delta of result.textStream) onToken();
            return result.text;
          },
        },
      ],
      idleSession: () => ({ messages: [] as ModelMessage[] }),
      sessionNote: 'a ModelMessage array (generateText is stateless; provider and tools shared)',
    };
  },
};
