/**
 * Per scenario, what the scripted model answers and what a contender must end up with.
 *
 * The server derives every reply from the request alone, so all contenders receive identical
 * responses whatever their request order, history or concurrency:
 *   - the scenario is the request's `model` field;
 *   - the step is the number of assistant messages after the last user message (= tool rounds done);
 *   - arguments of dependent calls and the final answer are built from the `tool` messages the
 *     contender sent back, so a contender that loses or mangles a tool result cannot verify.
 */
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ScriptedReply } from '../src/offline-model/index.js';
import { SLOW_TOOL_MS } from './tools.js';

export const PROMPT = 'Run the benchmark scenario.';

export type ScenarioId =
  | 'direct'
  | 'one_tool'
  | 'parallel4'
  | 'chain3'
  | 'invalid_args'
  | 'parallel4_slow'
  | 'stream_direct'
  | 'stream_one_tool'
  | 'parked';

/** The scenarios timed per turn, fresh and on a long-lived session. */
export const TURN_SCENARIOS: ScenarioId[] = ['direct', 'one_tool', 'parallel4', 'chain3', 'invalid_args'];
/** Streamed with `stream: true`; their answers are long enough to arrive in many content chunks. */
export const STREAM_SCENARIOS: ScenarioId[] = ['stream_direct', 'stream_one_tool'];

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
/** The server streams content in 12-character pieces: this makes a streamed answer 13–14 content chunks. */
const LONG_TAIL =
  '. This answer is long enough to arrive in a dozen and more content chunks, so every contender accumulates deltas as it would for a real model.';
const longAnswerFrom = (results: string[]) => `${answerFrom(results)}${LONG_TAIL}`;

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
  stream_direct: {
    id: 'stream_direct',
    title: 'streamed direct answer',
    requests: 1,
    executions: 0,
    answer: longAnswerFrom([]),
    reply: () => ({ content: longAnswerFrom([]) }),
  },
  stream_one_tool: {
    id: 'stream_one_tool',
    title: 'streamed tool call + answer',
    requests: 2,
    executions: 1,
    answer: longAnswerFrom(['Paris: 18C, clear']),
    reply: (step, results) =>
      step === 0 ? { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } : { content: longAnswerFrom(results) },
  },
  parked: {
    id: 'parked',
    title: 'parked in a tool call',
    requests: 2,
    executions: 1,
    answer: answerFrom(['T-1 approved']),
    reply: (step, results) =>
      step === 0 ? { toolCalls: [{ name: 'wait_for_approval', arguments: { ticket: 'T-1' } }] } : { content: answerFrom(results) },
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

/** Throws unless a contender's turn produced the scripted answer. */
export function verifyAnswer(scenario: Scenario, contender: string, content: string | null | undefined): void {
  if (content !== scenario.answer) {
    throw new Error(`${contender}/${scenario.id}: expected answer ${JSON.stringify(scenario.answer)}, got ${JSON.stringify(content)}`);
  }
}

/** Throws unless a contender's turn produced the scripted answer with the right number of executions. */
export function verifyTurn(scenario: Scenario, contender: string, content: string | null | undefined, executed: number): void {
  verifyAnswer(scenario, contender, content);
  if (executed !== scenario.executions) {
    throw new Error(`${contender}/${scenario.id}: expected ${scenario.executions} tool executions, got ${executed}`);
  }
}
