/**
 * LangGraph.js: the prebuilt `createReactAgent` (agent node + ToolNode) on `ChatOpenAI`. ToolNode
 * runs a round's calls concurrently; a schema failure throws inside the tool and ToolNode's
 * default `handleToolErrors` turns it into an error ToolMessage for the model.
 */
import { ChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ALL_TOOLS, PROMPT, type ScenarioId } from '../scenarios.js';
import { API_KEY, type Contender } from './types.js';

export const langgraph: Contender = {
  name: 'LangGraph',
  packages: ['@langchain/langgraph', '@langchain/core', '@langchain/openai'],
  async create(baseURL) {
    const tools = ALL_TOOLS.map((shared) =>
      tool((args) => shared.execute(args as never), { name: shared.name, description: shared.description, schema: shared.parameters }),
    );
    let threads = 0;
    const agents = new Map<ScenarioId, ReturnType<typeof createReactAgent>>();
    const agentFor = (id: ScenarioId) => {
      let agent = agents.get(id);
      if (!agent) {
        const llm = new ChatOpenAI({ model: id, apiKey: API_KEY, maxRetries: 0, configuration: { baseURL } });
        agent = createReactAgent({ llm, tools });
        agents.set(id, agent);
      }
      return agent;
    };
    return {
      async turn(scenario) {
        const state = await agentFor(scenario.id).invoke({ messages: [{ role: 'user', content: PROMPT }] }, { recursionLimit: 25 });
        const last = state.messages.at(-1);
        return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content);
      },
      idleSession: () => ({ configurable: { thread_id: `thread-${(threads += 1)}` } }),
      sessionNote: 'a thread config on a shared agent + MemorySaver (a thread has no checkpoint until its first turn)',
    };
  },
};
