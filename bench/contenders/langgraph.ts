/**
 * LangGraph.js: the prebuilt `createReactAgent` (agent node + ToolNode) on `ChatOpenAI`. ToolNode
 * runs a round's calls concurrently; a schema failure throws inside the tool and ToolNode's
 * default `handleToolErrors` turns it into an error ToolMessage for the model. A long-lived
 * conversation is a thread of an agent with a `MemorySaver` checkpointer. Not streamed here.
 */
import { ChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { PROMPT, type ScenarioId } from '../scenarios.js';
import { ALL_TOOLS } from '../tools.js';
import { API_KEY, refuseHistory, type Contender } from './types.js';

type ReactAgent = ReturnType<typeof createReactAgent>;

export const langgraph: Contender = {
  name: 'LangGraph',
  packages: ['@langchain/langgraph', '@langchain/core', '@langchain/openai'],
  async create(baseURL) {
    const tools = ALL_TOOLS.map((shared) =>
      tool((args) => shared.execute(args as never), { name: shared.name, description: shared.description, schema: shared.parameters }),
    );
    const checkpointer = new MemorySaver();
    let threads = 0;
    const agents = new Map<string, ReactAgent>();
    const agentFor = (id: ScenarioId, remembering: boolean) => {
      const key = `${id}${remembering ? ' with memory' : ''}`;
      let agent = agents.get(key);
      if (!agent) {
        const llm = new ChatOpenAI({ model: id, apiKey: API_KEY, maxRetries: 0, configuration: { baseURL } });
        agent = createReactAgent({ llm, tools, ...(remembering ? { checkpointSaver: checkpointer } : {}) });
        agents.set(key, agent);
      }
      return agent;
    };
    const answer = (state: Awaited<ReturnType<ReactAgent['invoke']>>) => {
      const last = state.messages.at(-1);
      return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content);
    };
    return {
      turn: async (scenario) => answer(await agentFor(scenario.id, false).invoke({ messages: [{ role: 'user', content: PROMPT }] }, { recursionLimit: 25 })),
      conversation(scenario, history) {
        refuseHistory(langgraph.name, history);
        const thread_id = `thread-${(threads += 1)}`;
        const agent = agentFor(scenario.id, true);
        return {
          turn: async () =>
            answer(await agent.invoke({ messages: [{ role: 'user', content: PROMPT }] }, { recursionLimit: 25, configurable: { thread_id } })),
          close: () => void checkpointer.deleteThread(thread_id),
        };
      },
      streamed: [],
      idleSession: () => ({ configurable: { thread_id: `thread-${(threads += 1)}` } }),
      sessionNote: 'a thread config on a shared agent + MemorySaver (a thread has no checkpoint until its first turn)',
    };
  },
};
