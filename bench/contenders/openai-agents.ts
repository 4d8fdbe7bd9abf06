/**
 * OpenAI Agents SDK: an `Agent` on the Chat Completions model with our client, `run()` per turn.
 * Tracing is disabled (it would export to OpenAI). A zod failure of a function tool's arguments
 * is answered to the model with an error message by the SDK's default tool error handling.
 */
import OpenAI from 'openai';
import { Agent, MemorySession, OpenAIChatCompletionsModel, Runner, setTracingDisabled, tool } from '@openai/agents';
import { ALL_TOOLS, PROMPT, type ScenarioId } from '../scenarios.js';
import { API_KEY, type Contender } from './types.js';

export const openaiAgents: Contender = {
  name: 'OpenAI Agents',
  packages: ['@openai/agents', '@openai/agents-core', '@openai/agents-openai'],
  async create(baseURL) {
    setTracingDisabled(true);
    const client = new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0 });
    const tools = ALL_TOOLS.map((shared) =>
      tool({ name: shared.name, description: shared.description, parameters: shared.parameters, execute: (args) => shared.execute(args as never) }),
    );
    const runner = new Runner({ tracingDisabled: true });
    // One agent per scenario: the scenario travels in the model name, like everywhere else.
    const agents = new Map<ScenarioId, Agent>();
    const agentFor = (id: ScenarioId) => {
      let agent = agents.get(id);
      if (!agent) {
        agent = new Agent({
          name: 'bench',
          model: new OpenAIChatCompletionsModel(client, id),
          modelSettings: { parallelToolCalls: true },
          tools,
        });
        agents.set(id, agent);
      }
      return agent;
    };
    return {
      async turn(scenario) {
        const result = await runner.run(agentFor(scenario.id), PROMPT, { maxTurns: 10 });
        return result.finalOutput as string | undefined;
      },
      idleSession: () => new MemorySession(),
      sessionNote: 'a MemorySession (the SDK\'s conversation memory; agent, runner and tools shared)',
    };
  },
};
