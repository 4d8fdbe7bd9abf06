/** toolcycle: a session per conversation; bad arguments are answered to the model automatically. */
import OpenAI from 'openai';
import { createSession, defineTool, type Tool } from '../../src/index.js';
import { ALL_TOOLS, PROMPT } from '../scenarios.js';
import { API_KEY, type Contender, type ContenderInstance } from './types.js';

export const toolcycle: Contender = {
  name: 'toolcycle',
  packages: ['xstate', 'openai'],
  create: async (baseURL) => createToolcycle(new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0 })),
};

/** toolcycle on any client (bench/lifecycle-cpu.ts passes one that answers without HTTP). */
export function createToolcycle(client: OpenAI): ContenderInstance {
  const tools = ALL_TOOLS.map((tool) =>
    defineTool({ name: tool.name, description: tool.description, parameters: tool.parameters, execute: (args) => tool.execute(args) }),
  ) as Tool[];
  return {
    async turn(scenario) {
      const session = createSession({ client, model: scenario.id, tools });
      const result = await session.ask(PROMPT);
      session.actor.stop();
      return result.content;
    },
    idleSession: () => createSession({ client, model: 'direct', tools }),
    sessionNote: 'createSession() (a started lifecycle actor; client and tools shared)',
  };
}
