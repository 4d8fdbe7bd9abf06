import fc from 'fast-check';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import type { ToolCallErrorKind } from '../../src/tool-calls/tool-call-error.js';
import { LOOKUP_TOOL_NAME, SLOW_TOOL_NAME, UNKNOWN_TOOL_NAME, sleep, type ToolBehaviour } from '../support/model-based-tools.js';
import type { CallKind } from './lifecycle-events.js';

/**
 * A random model and random tools for the property tests, plus the oracle: what the lifecycle must
 * make of them. Everything is plain data with words for values, so a shrunk counterexample reads
 * as a scenario: `{ parallel: false, maxSteps: 1, replies: [[{ call: "valid", tool: "times out" }]] }`.
 */

export type ToolFate = 'succeeds' | 'throws' | 'times out' | 'returns a BigInt';

/** The random model's calls name a tool by fate instead (see `argumentsFor`), so no `slow` kind here. */
export type RandomCallKind = Exclude<CallKind, 'slow'>;

export interface RandomCall {
  call: RandomCallKind;
  /** What the tool does if the call reaches it. */
  tool: ToolFate;
  delayMs: number;
}

export interface Scenario {
  parallel: boolean;
  maxSteps: number;
  /** The model's answer to each request in turn; no calls means a final answer. Past the end: a final answer. */
  replies: RandomCall[][];
  /** The request the API fails with a 500, if any. */
  failingRequest: number | undefined;
  /** The final answer is an empty generation (`content: null`). */
  emptyFinalAnswer: boolean;
}

/** A finished exchange with a tool round: the turn must leave it exactly as it was. */
export const EARLIER_HISTORY: readonly ChatCompletionMessageParam[] = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'Earlier question.' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'earlier_1', type: 'function', function: { name: LOOKUP_TOOL_NAME, arguments: '{"query":"x"}' } }],
  },
  { role: 'tool', tool_call_id: 'earlier_1', content: '"x"' },
  { role: 'assistant', content: 'Earlier answer.' },
];

const randomCall: fc.Arbitrary<RandomCall> = fc.record({
  // Mostly valid calls, so tools run often; every bad-input kind still shows up.
  call: fc.oneof(
    { weight: 4, arbitrary: fc.constant<RandomCallKind>('valid') },
    { weight: 1, arbitrary: fc.constantFrom<RandomCallKind>('invalid_json', 'invalid_arguments', 'unknown_tool') },
  ),
  tool: fc.oneof(
    { weight: 4, arbitrary: fc.constant<ToolFate>('succeeds') },
    { weight: 1, arbitrary: fc.constantFrom<ToolFate>('throws', 'times out', 'returns a BigInt') },
  ),
  delayMs: fc.integer({ min: 0, max: 15 }),
});

export const scenarios: fc.Arbitrary<Scenario> = fc.record({
  parallel: fc.boolean(),
  maxSteps: fc.integer({ min: 1, max: 3 }),
  replies: fc.array(fc.array(randomCall, { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
  failingRequest: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  emptyFinalAnswer: fc.boolean(),
});

export function callId(request: number, index: number): string {
  return `r${request}_c${index}`;
}

function argumentsFor({ call, tool }: RandomCall, id: string): { name: string; arguments: string } {
  switch (call) {
    // A call whose tool "times out" goes to `slow_lookup`, the only tool with a short limit, so no
    // delay of another tool can ever race a timer.
    case 'valid':
      return { name: tool === 'times out' ? SLOW_TOOL_NAME : LOOKUP_TOOL_NAME, arguments: JSON.stringify({ query: id }) };
    case 'invalid_json':
      return { name: LOOKUP_TOOL_NAME, arguments: '{"query": ' };
    case 'invalid_arguments':
      return { name: LOOKUP_TOOL_NAME, arguments: '{"query": ["not", "a", "string"]}' };
    case 'unknown_tool':
      return { name: UNKNOWN_TOOL_NAME, arguments: '{}' };
  }
}

export function scriptedReply(scenario: Scenario, request: number): ScriptedReply {
  if (request === scenario.failingRequest) return { error: { status: 500, message: 'overloaded' } };
  const calls = scenario.replies[request] ?? [];
  if (calls.length === 0) return { content: scenario.emptyFinalAnswer ? null : `Final answer after ${request} requests.` };
  return {
    toolCalls: calls.map((call, index) => ({ id: callId(request, index), ...argumentsFor(call, callId(request, index)) })),
  };
}

export function toolBehaviour(scenario: Scenario, id: string): ToolBehaviour {
  const [, request, index] = /^r(\d+)_c(\d+)$/.exec(id) ?? [];
  const call = scenario.replies[Number(request)]?.[Number(index)];
  if (!call || call.tool === 'times out') return { kind: 'hang' };
  const release = sleep(call.delayMs);
  if (call.tool === 'throws') return { kind: 'throw', release };
  if (call.tool === 'returns a BigInt') return { kind: 'unserializable', release };
  return { kind: 'ok', release };
}

export interface ExpectedTurn {
  state: 'idle' | 'failed';
  requests: number;
  steps: number;
  stopReason: 'stop' | 'max_steps' | undefined;
  /** Every call of the turn, in order, with how it must end: `ok` or its error kind. */
  calls: Array<[id: string, outcome: 'ok' | ToolCallErrorKind]>;
  /** The most tools running at once: a whole round with parallel on, one at a time with it off. */
  peakRunning: number;
}

const FATE_OUTCOME: Record<ToolFate, 'ok' | ToolCallErrorKind> = {
  succeeds: 'ok',
  throws: 'tool_failed',
  'times out': 'timeout',
  'returns a BigInt': 'unserializable_result',
};

/** The oracle: the lifecycle's rules, written out plainly rather than taken from the machine. */
export function expectedTurn(scenario: Scenario): ExpectedTurn {
  const calls: ExpectedTurn['calls'] = [];
  let peakRunning = 0;
  for (let request = 0; ; request += 1) {
    // Request `request` is sent after `request` tool rounds: that is the step count.
    const steps = request;
    const end = { requests: request + 1, steps, calls, peakRunning };
    if (request === scenario.failingRequest) return { state: 'failed', stopReason: undefined, ...end };
    const asked = scenario.replies[request] ?? [];
    const atLimit = steps >= scenario.maxSteps;
    if (asked.length === 0) return { state: 'idle', stopReason: atLimit ? 'max_steps' : 'stop', ...end };
    asked.forEach((call, index) => {
      const outcome = call.call !== 'valid' ? call.call : atLimit ? 'step_limit' : FATE_OUTCOME[call.tool];
      calls.push([callId(request, index), outcome]);
    });
    // Past the limit the calls are answered without running and the turn ends.
    if (atLimit) return { state: 'idle', stopReason: 'max_steps', ...end };
    // Every tool of the round starts before any can finish (each waits at least a timer), so a parallel round overlaps fully.
    const runnable = asked.filter((call) => call.call === 'valid').length;
    peakRunning = Math.max(peakRunning, scenario.parallel ? runnable : Math.min(runnable, 1));
  }
}
