/** toolcycle: a session per conversation; bad arguments are answered to the model automatically. */
import OpenAI from 'openai';
import { createSession, defineTool, type Session, type Tool } from '../../src/index.js';
import { PROMPT, type Scenario } from '../scenarios.js';
import { ALL_TOOLS } from '../tools.js';
import { API_KEY, type Answer, type Contender, type ContenderInstance } from './types.js';

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
  const once = async (session: Session, turn: (session: Session) => Answer) => {
    try {
      return await turn(session);
    } finally {
      session.stop();
    }
  };
  return {
    turn: (scenario) => once(createSession({ client, model: scenario.id, tools }), async (session) => (await session.ask(PROMPT)).content),
    conversation(scenario, history) {
      const session = createSession({ client, model: scenario.id, tools, ...(history ? { messages: history } : {}) });
      return { turn: async () => (await session.ask(PROMPT)).content, close: () => session.stop() };
    },
    streamed: [
      {
        name: 'toolcycle',
        run: (scenario, onToken) =>
          once(streamingSession(client, scenario, tools), async (session) => {
            const result = await session.ask(PROMPT, { onEvent: (event) => event.type === 'content.delta' && onToken() });
            return result.content;
          }),
      },
      {
        name: 'toolcycle stream()',
        run: (scenario, onToken) =>
          once(streamingSession(client, scenario, tools), async (session) => {
            let answer: string | undefined;
            for await (const event of session.stream(PROMPT)) {
              if (event.type === 'content.delta') onToken();
              else if (event.type === 'turn.done') answer = event.result.content;
            }
            return answer;
          }),
      },
    ],
    idleSession: () => createSession({ client, model: 'direct', tools }),
    sessionNote: 'createSession() (a started lifecycle actor; client and tools shared)',
  };
}

const streamingSession = (client: OpenAI, scenario: Scenario, tools: Tool[]) => createSession({ client, model: scenario.id, tools, stream: true });
