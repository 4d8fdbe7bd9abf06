import fc from 'fast-check';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ToolCallErrorKind } from '../../src/conversation/tool-call-error.js';
import type { Decision } from '../../src/index.js';
import type { ScriptedReply, ScriptedToolCall } from '../../src/offline-model/index.js';
import { sleep, TOOL_NAMES, type ToolBehaviour, type ToolName } from '../support/model-based-tools.js';
import { WIRE_MODES } from '../support/wire-modes.js';
import { scriptedCall } from './call-kinds.js';

/**
 * A random model, random tools and a random caller for the property tests, plus the oracle: what
 * the lifecycle must make of them. Everything is plain data with words for values, so a shrunk
 * counterexample reads as a scenario:
 * `{ parallel: false, maxSteps: 1, replies: [[{ call: "valid", tool: "send", fate: "throws" }]] }`.
 */

export type ToolFate = 'succeeds' | 'throws' | 'times out' | 'returns a BigInt' | 'loses its connection';

/** `repeat` asks the very same call every time (the loop check's input); the others are the bad-input kinds. */
export type RandomCallKind = 'valid' | 'repeat' | 'invalid_json' | 'invalid_arguments' | 'unknown_tool' | 'malformed';

/** The tools a valid call may name; one that "times out" goes to `slow_lookup` instead, the only tool with a short limit. */
type RandomTool = Exclude<ToolName, 'slow_lookup'>;

export interface RandomCall {
  call: RandomCallKind;
  tool: RandomTool;
  /** What the tool does if a valid call reaches it (a repeated call's tool just answers). */
  fate: ToolFate;
  delayMs: number;
}

export type DecisionKind = 'approve' | 'reject' | 'edit';

/** Something the caller does at a random instant of a turn: after this many snapshots of the actor. */
export interface Interruption {
  afterSnapshots: number;
  action: 'cancel' | 'resume' | 'stop';
}

export interface Scenario {
  /** Which API the session speaks (a WIRE_MODES name): the lifecycle must keep its rules over each. */
  wire: string;
  parallel: boolean;
  stream: boolean;
  maxSteps: number;
  loopLimit: number;
  /** The model's answer to each request of the turn; no calls means a final answer. Past the end: a final answer. */
  replies: RandomCall[][];
  /** The request of the turn the API fails with a 500, if any. */
  failingRequest: number | undefined;
  /** What the caller does after that failure: `session.retry()`, or go on with the next turn. */
  afterFailure: 'retry' | 'next turn';
  /** How the person answers each call that waits for approval, in turn (cycling). */
  decisions: DecisionKind[];
  interruption: Interruption | undefined;
}

/** A finished exchange with a tool round: the turn must leave it exactly as it was. */
export const EARLIER_HISTORY: readonly ChatCompletionMessageParam[] = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'Earlier question.' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'earlier_1', type: 'function', function: { name: TOOL_NAMES.lookup, arguments: '{"query":"x"}' } }],
  },
  { role: 'tool', tool_call_id: 'earlier_1', content: '"x"' },
  { role: 'assistant', content: 'Earlier answer.' },
];

export const FIRST_QUESTION = 'Go.';
/** The turn after the random one: it must simply work. */
export const NEXT_QUESTION = 'And now?';
export const NEXT_ANSWER = 'All good.';

const randomCall: fc.Arbitrary<RandomCall> = fc.record({
  // Mostly valid calls, so tools run often; repeats and every bad-input kind still show up.
  call: fc.oneof(
    { weight: 6, arbitrary: fc.constant<RandomCallKind>('valid') },
    { weight: 1, arbitrary: fc.constant<RandomCallKind>('repeat') },
    { weight: 1, arbitrary: fc.constantFrom<RandomCallKind>('invalid_json', 'invalid_arguments', 'unknown_tool', 'malformed') },
  ),
  tool: fc.constantFrom<RandomTool>('lookup', 'save', 'send', 'legacy_action', 'publish'),
  fate: fc.oneof(
    { weight: 4, arbitrary: fc.constant<ToolFate>('succeeds') },
    { weight: 1, arbitrary: fc.constantFrom<ToolFate>('throws', 'times out', 'returns a BigInt', 'loses its connection') },
  ),
  delayMs: fc.integer({ min: 0, max: 10 }),
});

export const scenarios: fc.Arbitrary<Scenario> = fc.record({
  wire: fc.constantFrom(...WIRE_MODES.map((mode) => mode.name)),
  parallel: fc.boolean(),
  stream: fc.boolean(),
  maxSteps: fc.integer({ min: 1, max: 3 }),
  loopLimit: fc.constantFrom(0, 2, 3),
  replies: fc.array(fc.array(randomCall, { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
  failingRequest: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  afterFailure: fc.constantFrom<'retry' | 'next turn'>('retry', 'next turn'),
  decisions: fc.array(fc.constantFrom<DecisionKind>('approve', 'reject', 'edit'), { minLength: 1, maxLength: 3 }),
  // One scenario in three is interrupted; the others are checked against the oracle.
  interruption: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.record({
        afterSnapshots: fc.integer({ min: 1, max: 30 }),
        action: fc.constantFrom<Interruption['action']>('cancel', 'resume', 'stop'),
      }),
    },
  ),
});

export function callId(request: number, index: number): string {
  return `r${request}_c${index}`;
}

function toolCallFor(call: RandomCall, id: string): ScriptedToolCall {
  if (call.call === 'repeat') return scriptedCall('same', id);
  if (call.call !== 'valid') return scriptedCall(call.call, id);
  const name = call.fate === 'times out' ? TOOL_NAMES.slow : call.tool;
  return { id, name, arguments: { query: id } };
}

/** The model's answer to request `request` of the random turn. */
export function scriptedReply(scenario: Scenario, request: number): ScriptedReply {
  if (request === scenario.failingRequest) return { error: { status: 500, message: 'overloaded' } };
  const calls = scenario.replies[request] ?? [];
  if (calls.length === 0) return { content: `Final answer after ${request} requests.` };
  return { toolCalls: calls.map((call, index) => toolCallFor(call, callId(request, index))) };
}

const FATE_BEHAVIOUR: Record<Exclude<ToolFate, 'times out'>, Extract<ToolBehaviour, { release: unknown }>['kind']> = {
  succeeds: 'ok',
  throws: 'throw',
  'returns a BigInt': 'unserializable',
  'loses its connection': 'transport_failure',
};

export function toolBehaviour(scenario: Scenario, id: string): ToolBehaviour {
  const [, request, index] = /^r(\d+)_c(\d+)$/.exec(id) ?? [];
  const call = scenario.replies[Number(request)]?.[Number(index)];
  if (!call) return { kind: 'hang' };
  // Fates are for valid calls; the repeated call only has to answer, so a repeat has something to repeat.
  if (call.call !== 'valid') return { kind: 'ok', release: sleep(call.delayMs) };
  if (call.fate === 'times out') return { kind: 'hang' };
  return { kind: FATE_BEHAVIOUR[call.fate], release: sleep(call.delayMs) };
}

const DECISIONS: Record<DecisionKind, Decision> = {
  approve: { approve: true },
  reject: { approve: false, reason: 'Not now.' },
  edit: { approve: true, arguments: { query: 'edited' } },
};

/** The person's answers for the waiting calls, taking the scenario's decisions in turn. */
export function decisionsFor(scenario: Scenario, waiting: readonly { id: string }[], taken: number): Record<string, Decision> {
  return Object.fromEntries(
    waiting.map((call, index) => {
      const kind = scenario.decisions[(taken + index) % scenario.decisions.length]!;
      return [call.id, DECISIONS[kind]];
    }),
  );
}

export interface ExpectedTurn {
  state: 'idle' | 'failed';
  requests: number;
  steps: number;
  stopReason: 'stop' | 'max_steps' | 'loop_detected' | null;
  /** Every call of the turn, in order, with how it must end: `ok` or its error kind. */
  calls: Array<[id: string, outcome: 'ok' | ToolCallErrorKind]>;
}

const FATE_OUTCOME: Record<ToolFate, 'ok' | ToolCallErrorKind> = {
  succeeds: 'ok',
  throws: 'tool_failed',
  'times out': 'timeout',
  'returns a BigInt': 'unserializable_result',
  'loses its connection': 'transport_failed',
};

const BAD_CALL_OUTCOME: Partial<Record<RandomCallKind, ToolCallErrorKind>> = {
  invalid_json: 'invalid_json',
  invalid_arguments: 'invalid_arguments',
  unknown_tool: 'unknown_tool',
  malformed: 'malformed_call',
};

/**
 * The oracle for a turn nobody interrupts: the lifecycle's rules, written out plainly rather than
 * taken from the machine. A round asked for past `maxSteps` is refused and the answer forced; the
 * same call (same tool, same arguments; every bad call of a kind is the same) asked again in a turn
 * is not run again, and at `loopLimit` asks forces the answer; a forced answer that still asks for
 * tools ends the turn.
 */
export function expectedTurn(scenario: Scenario): ExpectedTurn {
  const calls: ExpectedTurn['calls'] = [];
  const asks = new Map<string, number>();
  let steps = 0;
  let forced: 'max_steps' | 'loop_detected' | null = null;
  let approvals = 0;
  for (let request = 0; ; request += 1) {
    const end = (state: ExpectedTurn['state'], stopReason: ExpectedTurn['stopReason']) => {
      return { state, requests: request + 1, steps, stopReason, calls };
    };
    if (request === scenario.failingRequest) {
      if (scenario.afterFailure === 'retry') continue;
      return end('failed', null);
    }
    const asked = scenario.replies[request] ?? [];
    if (asked.length === 0) return end('idle', forced ?? 'stop');
    const refuse = (kind: ToolCallErrorKind) => asked.forEach((_call, index) => calls.push([callId(request, index), kind]));
    if (forced !== null) {
      refuse(forced === 'max_steps' ? 'step_limit' : 'loop_detected');
      return end('idle', forced);
    }
    if (steps >= scenario.maxSteps) {
      refuse('step_limit');
      forced = 'max_steps';
      continue;
    }
    steps += 1;
    asked.forEach((call, index) => {
      const id = callId(request, index);
      let outcome = BAD_CALL_OUTCOME[call.call];
      if (scenario.loopLimit > 0) {
        const signature = call.call === 'valid' ? id : call.call;
        const count = (asks.get(signature) ?? 0) + 1;
        asks.set(signature, count);
        if (count >= scenario.loopLimit) {
          forced = 'loop_detected';
          outcome = 'loop_detected';
        } else if (count > 1) outcome = 'repeated_call';
      }
      if (outcome === undefined && call.call === 'valid' && call.tool === TOOL_NAMES.publish && call.fate !== 'times out') {
        const decision = scenario.decisions[approvals % scenario.decisions.length];
        approvals += 1;
        if (decision === 'reject') outcome = 'rejected';
      }
      calls.push([id, outcome ?? (call.call === 'valid' ? FATE_OUTCOME[call.fate] : 'ok')]);
    });
  }
}
