/**
 * The benchmark's single source of truth: the shared tool set (plain functions + zod schemas, each
 * contender wraps them in its own tool format) and, per scenario, what the scripted model answers.
 *
 * The server derives every reply from the request alone, so all contenders receive identical
 * responses whatever their request order or concurrency:
 *   - the scenario is the request's `model` field;
 *   - the step is the number of assistant messages after the last user message (= tool rounds done);
 *   - arguments of dependent calls and the final answer are built from the `tool` messages the
 *     contender sent back, so a contender that loses or mangles a tool result cannot verify.
 */
import { z } from 'zod';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ScriptedReply } from '../src/offline-model/index.js';

export const PROMPT = 'Run the benchmark scenario.';
export const SLOW_TOOL_MS = 100;

export type ScenarioId = 'direct' | 'one_tool' | 'parallel4' | 'chain3' | 'invalid_args' | 'parallel4_slow';

/** The scenarios timed for overhead; `parallel4_slow` is only used for the wall-time measurement. */
export const TIMED_SCENARIOS: ScenarioId[] = ['direct', 'one_tool', 'parallel4', 'chain3', 'invalid_args'];

// ---------------------------------------------------------------------------------------------
// Tools: defined once. `executions` counts every real execution so each contender can verify.
// ---------------------------------------------------------------------------------------------

export const executions = { count: 0 };

export interface SharedTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  parameters: S;
  execute(args: z.output<S>): Promise<string> | string;
}

function sharedTool<S extends z.ZodObject>(tool: SharedTool<S>): SharedTool<S> {
  return tool;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const TOOLS = [
  sharedTool({
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: z.object({ city: z.string().describe('City name') }),
    execute: ({ city }) => {
      executions.count += 1;
      return `${city}: 18C, clear`;
    },
  }),
  sharedTool({
    name: 'lookup_user',
    description: 'Find the id of a user by name.',
    parameters: z.object({ name: z.string() }),
    execute: ({ name }) => {
      executions.count += 1;
      return `user-${name}-42`;
    },
  }),
  sharedTool({
    name: 'get_orders',
    description: 'Latest order id of a user.',
    parameters: z.object({ userId: z.string() }),
    execute: ({ userId }) => {
      executions.count += 1;
      return `order-${userId}-7`;
    },
  }),
  sharedTool({
    name: 'get_shipment',
    description: 'Shipment status of an order.',
    parameters: z.object({ orderId: z.string() }),
    execute: ({ orderId }) => {
      executions.count += 1;
      return `${orderId} shipped`;
    },
  }),
  sharedTool({
    name: 'convert_currency',
    description: 'Convert an amount between currencies.',
    parameters: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
    execute: ({ amount, from, to }) => {
      executions.count += 1;
      return `${amount} ${from} = ${(amount * 1.08).toFixed(2)} ${to}`;
    },
  }),
  sharedTool({
    name: 'slow_lookup',
    description: 'A lookup that takes 100 ms.',
    parameters: z.object({ key: z.string() }),
    execute: async ({ key }) => {
      await sleep(SLOW_TOOL_MS);
      executions.count += 1;
      return `value-of-${key}`;
    },
  }),
] as const satisfies readonly SharedTool<any>[];

export type AnyTool = SharedTool<z.ZodObject>;
export const ALL_TOOLS: readonly AnyTool[] = TOOLS as unknown as readonly AnyTool[];

// ---------------------------------------------------------------------------------------------
// Scenarios: what the scripted model answers, and what a contender must end up with.
// ---------------------------------------------------------------------------------------------

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** Model requests one turn takes. */
  requests: number;
  /** Tool executions a correct contender performs (calls with bad arguments must not execute). */
  executions: number;
  /** The final answer a correct contender returns. */
  answer: string;
  /** The scripted model: step = tool rounds already done, results = the last round's tool message contents. */
  reply(step: number, results: string[]): ScriptedReply;
}

const CITIES = ['Paris', 'Tokyo', 'Lima', 'Oslo'];
const answerFrom = (results: string[]) => `Done: ${[...results].sort().join(' | ')}`;

export const SCENARIOS: Record<ScenarioId, Scenario> = {
  direct: {
    id: 'direct',
    title: 'direct answer',
    requests: 1,
    executions: 0,
    answer: 'Hello from the benchmark.',
    reply: () => ({ content: 'Hello from the benchmark.' }),
  },
  one_tool: {
    id: 'one_tool',
    title: 'one tool call',
    requests: 2,
    executions: 1,
    answer: answerFrom(['Paris: 18C, clear']),
    reply: (step, results) =>
      step === 0 ? { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } : { content: answerFrom(results) },
  },
  parallel4: {
    id: 'parallel4',
    title: '4 parallel calls',
    requests: 2,
    executions: 4,
    answer: answerFrom(CITIES.map((city) => `${city}: 18C, clear`)),
    reply: (step, results) =>
      step === 0
        ? { toolCalls: CITIES.map((city) => ({ name: 'get_weather', arguments: { city } })) }
        : { content: answerFrom(results) },
  },
  chain3: {
    id: 'chain3',
    title: '3-round chain',
    requests: 4,
    executions: 3,
    answer: answerFrom(['order-user-ada-42-7 shipped']),
    reply: (step, results) => {
      if (step === 0) return { toolCalls: [{ name: 'lookup_user', arguments: { name: 'ada' } }] };
      if (step === 1) return { toolCalls: [{ name: 'get_orders', arguments: { userId: results[0] ?? '' } }] };
      if (step === 2) return { toolCalls: [{ name: 'get_shipment', arguments: { orderId: results[0] ?? '' } }] };
      return { content: answerFrom(results) };
    },
  },
  invalid_args: {
    id: 'invalid_args',
    title: 'bad args, then fixed',
    requests: 3,
    executions: 1,
    answer: answerFrom(['10 EUR = 10.80 USD']),
    reply: (step, results) => {
      // `amount` must be a number: the first call fails validation and must not reach the tool.
      if (step === 0) return { toolCalls: [{ name: 'convert_currency', arguments: { amount: 'ten', from: 'EUR', to: 'USD' } }] };
      if (step === 1) return { toolCalls: [{ name: 'convert_currency', arguments: { amount: 10, from: 'EUR', to: 'USD' } }] };
      return { content: answerFrom(results) };
    },
  },
  parallel4_slow: {
    id: 'parallel4_slow',
    title: `4 parallel ${SLOW_TOOL_MS} ms tools`,
    requests: 2,
    executions: 4,
    answer: answerFrom(['a', 'b', 'c', 'd'].map((key) => `value-of-${key}`)),
    reply: (step, results) =>
      step === 0
        ? { toolCalls: ['a', 'b', 'c', 'd'].map((key) => ({ name: 'slow_lookup', arguments: { key } })) }
        : { content: answerFrom(results) },
  },
};

/** The responder the server runs: everything is derived from the request. */
export function scriptedReply(request: ChatCompletionCreateParams): ScriptedReply {
  const scenario = SCENARIOS[request.model as ScenarioId];
  if (!scenario) return { error: { status: 400, message: `Unknown benchmark scenario (model) "${request.model}".` } };
  const messages = request.messages;
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  let step = 0;
  let lastAssistant = -1;
  for (let i = lastUser + 1; i < messages.length; i += 1) {
    if (messages[i]!.role === 'assistant') {
      step += 1;
      lastAssistant = i;
    }
  }
  const results: string[] = [];
  if (lastAssistant >= 0) {
    for (let i = lastAssistant + 1; i < messages.length; i += 1) {
      const message = messages[i]!;
      if (message.role === 'tool') results.push(typeof message.content === 'string' ? message.content : JSON.stringify(message.content));
    }
  }
  return scenario.reply(step, results);
}

/** Throws unless a contender's turn produced the scripted answer with the right number of executions. */
export function verifyTurn(scenario: Scenario, contender: string, content: string | null | undefined, executed: number): void {
  if (content !== scenario.answer) {
    throw new Error(`${contender}/${scenario.id}: expected answer ${JSON.stringify(scenario.answer)}, got ${JSON.stringify(content)}`);
  }
  if (executed !== scenario.executions) {
    throw new Error(`${contender}/${scenario.id}: expected ${scenario.executions} tool executions, got ${executed}`);
  }
}
