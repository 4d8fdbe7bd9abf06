/**
 * OpenAI Agents SDK: an `Agent` on the Chat Completions model with our client, `run()` per turn,
 * `run(…, { stream: true })` streamed, a `MemorySession` for a long-lived conversation. Tracing is
 * disabled (it would export to OpenAI). A zod failure of a function tool's arguments is answered to
 * the model with an error message by the SDK's default tool error handling.
 */
import OpenAI from 'openai';
import { Agent, MemorySession, OpenAIChatCompletionsModel, Runner, setTracingDisabled, tool } from '@openai/agents';
import { PROMPT, type ScenarioId } from '../scenarios.js';
import { ALL_TOOLS } from '../tools.js';
import { API_KEY, refuseHistory, type Contender } from './types.js';

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
      turn: async (scenario) => (await runner.run(agentFor(scenario.id), PROMPT, { maxTurns: 10 })).finalOutput as string | undefined,
      conversation(scenario, history) {
        refuseHistory(openaiAgents.name, history);
        let session = new MemorySession();
        return {
          turn: async () => (await runner.run(agentFor(scenario.id), PROMPT, { maxTurns: 10, session })).finalOutput as string | undefined,
          close: () => (session = new MemorySession()),
        };
      },
      streamed: [
        {
          name: 'OpenAI Agents',
          async run(scenario, onToken) {
            const result = await runner.run(agentFor(scenario.id), PROMPT, { maxTurns: 10, stream: true });
            for await (const _delta of result.toTextStream()) onToken();
            await result.completed;
            return result.finalOutput as string | undefined;
          },
        },
      ],
      idleSession: () => new MemorySession(),
      sessionNote: "a MemorySession (the SDK's conversation memory; agent, runner and tools shared)",
    };
  },
};
