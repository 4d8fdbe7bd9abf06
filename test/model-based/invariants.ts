import { isDeepStrictEqual } from 'node:util';
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { validateMessages } from '../../src/offline-model/validate-messages.js';
import type { Toolbox } from '../../src/tool-calls/toolbox.js';
import type { ToolHarness } from '../support/model-based-tools.js';
import { valueKey, type LifecycleSnapshot } from './lifecycle-events.js';

/**
 * What must hold in each state, whatever path led there. Each check returns the violations it
 * found as sentences (empty when all is well), so a failing test lists every broken promise at once.
 */

export interface InvariantEnv {
  toolbox: Toolbox;
  model: string;
  maxSteps: number;
  parallelToolCalls: boolean;
  /** The history the session started with; it may be invalid on purpose (the `invalid_history` case). */
  initialMessages: readonly ChatCompletionMessageParam[];
}

/** Why the API would reject this history, or undefined. Our own check plus the offline model's (the API's rules). */
export function historyProblem(messages: readonly ChatCompletionMessageParam[]): string | undefined {
  const problem = findConversationProblem(messages);
  if (problem) return problem.message;
  if (messages.length === 0) return undefined;
  try {
    validateMessages(messages);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A history the caller supplied broken may stay broken, as long as nothing was added to it. */
function historyViolation(snapshot: LifecycleSnapshot, env: InvariantEnv): string | undefined {
  const { messages } = snapshot.context;
  const problem = historyProblem(messages);
  if (!problem || isDeepStrictEqual(messages, env.initialMessages)) return undefined;
  return `the history is not one the API accepts: ${problem}`;
}

/**
 * The API accepts answers in any order, but toolcycle promises call order (what the model asked
 * first is answered first, whichever tool finished first). Returns the first offending block.
 */
export function answersOutOfCallOrder(messages: readonly ChatCompletionMessageParam[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'assistant' || !message.tool_calls?.length) continue;
    const asked = message.tool_calls.map((call) => call.id);
    const answered: string[] = [];
    for (const next of messages.slice(index + 1)) {
      if (next.role !== 'tool') break;
      answered.push(next.tool_call_id);
    }
    if (!isDeepStrictEqual(answered, asked.slice(0, answered.length)))
      return `asked ${asked.join(', ')}, answered ${answered.join(', ')}`;
  }
  return undefined;
}

export function snapshotViolations(
  snapshot: LifecycleSnapshot,
  previous: LifecycleSnapshot | undefined,
  env: InvariantEnv,
): string[] {
  const found: string[] = [];
  const { context } = snapshot;
  const state = valueKey(snapshot.value);
  const children = Object.keys(snapshot.children);
  const check = (holds: boolean, violation: string) => {
    if (!holds) found.push(`in ${state}: ${violation}`);
  };
  const requireValidHistory = () => {
    const violation = historyViolation(snapshot, env);
    if (violation) found.push(`in ${state}: ${violation}`);
  };

  check(!snapshot.matches('connecting') && !snapshot.matches('calling'), 'a transient state was observed at rest');
  if (previous) {
    const before = previous.context.messages;
    check(
      isDeepStrictEqual(context.messages.slice(0, before.length), before),
      'the history was rewritten instead of appended to',
    );
  }
  if (context.failedStage !== undefined) {
    check(
      context.lastError?.name === 'ApiRequestError' &&
        'stage' in context.lastError &&
        context.lastError.stage === context.failedStage,
      `failedStage "${context.failedStage}" does not match lastError ${context.lastError?.name}`,
    );
  }
  const outOfOrder = answersOutOfCallOrder(context.messages);
  check(outOfOrder === undefined, `tool messages are not in the order of their calls: ${outOfOrder}`);
  const settledIds = context.turn.settledToolCalls.map((call) => call.id);
  check(new Set(settledIds).size === settledIds.length, `a call was answered twice: ${settledIds.join(', ')}`);

  if (snapshot.matches('idle')) {
    check(children.length === 0, `children still running: ${children.join(', ')}`);
    check(context.turn.toolCalls.length === 0, 'calls of the round are left unanswered');
    requireValidHistory();
    if (context.turn.stopReason !== undefined) {
      const last = context.messages.at(-1);
      check(
        (last?.role === 'assistant' && !last.tool_calls?.length) || last?.role === 'tool',
        `the turn ended on a ${last?.role} message that asks for more`,
      );
      check(
        (context.turn.stopReason === 'max_steps') === context.turn.steps >= context.maxSteps,
        `stopReason ${context.turn.stopReason} after ${context.turn.steps} of ${context.maxSteps} steps`,
      );
    }
  }

  if (snapshot.matches('deciding') || snapshot.matches('responding')) {
    check(children.includes('requestCompletion'), 'no request is in flight');
    check(context.turn.toolCalls.length === 0, 'a request is made before every call of the round is answered');
    requireValidHistory();
    const last = context.messages.at(-1);
    if (snapshot.matches('deciding')) check(last?.role === 'user', `deciding after a ${last?.role} message`);
    else check(last?.role === 'tool', `responding after a ${last?.role} message`);
  }

  if (snapshot.matches('executing')) {
    const last = context.messages.at(-1);
    const requested = last?.role === 'assistant' ? (last.tool_calls ?? []).map((call) => call.id) : [];
    check(
      isDeepStrictEqual(
        context.turn.toolCalls.map((call) => call.id),
        requested,
      ),
      'the round does not track exactly the calls of the last assistant message',
    );
    const pending = context.turn.toolCalls.filter((call) => call.status === 'pending');
    for (const call of context.turn.toolCalls) {
      if (call.status === 'pending') {
        const tool = env.toolbox.get(call.name);
        check(tool !== undefined, `pending call ${call.id} names no registered tool (${call.name})`);
        check(tool?.checkArguments(call.arguments).ok === true, `pending call ${call.id} has arguments its tool rejects`);
      } else if (call.status === 'failed') {
        check(call.content === JSON.stringify({ error: call.error }), `call ${call.id} failed without its error as content`);
      }
    }
    check(pending.length > 0, 'executing with no pending call');
    if (snapshot.matches({ executing: 'single' })) check(pending.length === 1, `single with ${pending.length} pending calls`);
    if (snapshot.matches({ executing: 'parallel' })) {
      for (const call of pending) check(children.includes(`tool:${call.id}`), `no tool actor for pending call ${call.id}`);
    } else {
      check(children.includes('executeToolCall'), 'no tool actor for the current call');
    }
  }

  if (snapshot.matches('failed')) {
    check(children.length === 0, `children still running: ${children.join(', ')}`);
    check(context.lastError !== undefined, 'failed without an error');
    if (context.lastError?.name === 'InvalidTurnError' && previous) {
      check(context.messages.length === previous.context.messages.length, 'a rejected turn still added to the history');
    }
    requireValidHistory();
  }

  if (snapshot.matches('cancelled')) {
    check(children.length === 0, `children still running: ${children.join(', ')}`);
    check(context.lastError?.name === 'TurnCancelledError', `cancelled with lastError ${context.lastError?.name}`);
    check(context.turn.toolCalls.length === 0, 'cancelled with calls left unanswered');
    requireValidHistory();
  }
  return found;
}

/** Checked as each request reaches the model server: what is sent is the machine's history, valid, with the right options. */
export function requestViolations(body: ChatCompletionCreateParams, snapshot: LifecycleSnapshot, env: InvariantEnv): string[] {
  const found: string[] = [];
  const check = (holds: boolean, violation: string) => {
    if (!holds) found.push(`request sent in ${valueKey(snapshot.value)}: ${violation}`);
  };
  check(snapshot.matches('deciding') || snapshot.matches('responding'), 'a request left outside deciding/responding');
  const problem = findConversationProblem(body.messages);
  check(problem === undefined, `the wire history is invalid: ${problem?.message}`);
  check(isDeepStrictEqual(body.messages, snapshot.context.messages), 'the wire history differs from the machine history');
  check(body.model === env.model, `model ${body.model}`);
  if (env.toolbox.definitions.length > 0) {
    const atLimit = snapshot.context.turn.steps >= env.maxSteps;
    check(
      (body.tool_choice === 'none') === atLimit,
      `tool_choice ${String(body.tool_choice)} at step ${snapshot.context.turn.steps} of ${env.maxSteps}`,
    );
    check(body.parallel_tool_calls === env.parallelToolCalls, `parallel_tool_calls ${String(body.parallel_tool_calls)}`);
  }
  return found;
}

/**
 * Checked once promises have settled (a macrotask after a step): a tool runs only while its call is
 * pending in an executing state, single and sequential run exactly the first pending call, parallel
 * runs every pending call.
 */
export function toolViolations(harness: ToolHarness, snapshot: LifecycleSnapshot): string[] {
  const found: string[] = [];
  const state = valueKey(snapshot.value);
  const pending = snapshot.matches('executing')
    ? snapshot.context.turn.toolCalls.filter((call) => call.status === 'pending').map((call) => call.id)
    : [];
  for (const id of harness.running) {
    if (!pending.includes(id)) found.push(`in ${state}: tool for ${id} keeps running though its call is not pending`);
  }
  if (snapshot.matches({ executing: 'parallel' })) {
    for (const id of pending) if (!harness.started.includes(id)) found.push(`in ${state}: pending call ${id} was never started`);
  } else if (pending.length > 0) {
    const [current, ...waiting] = pending;
    if (!harness.started.includes(current!)) found.push(`in ${state}: the current call ${current} was never started`);
    for (const id of waiting) if (harness.started.includes(id)) found.push(`in ${state}: call ${id} started before its turn`);
  }
  return found;
}

/** The parts of a snapshot the model and the live actor must agree on (not texts, ids or timings the real actors produce). */
export function digest(snapshot: LifecycleSnapshot) {
  const { context } = snapshot;
  const describeCall = (call: LifecycleSnapshot['context']['turn']['toolCalls'][number]) =>
    `${call.id}:${call.status}${call.status === 'failed' ? `(${call.error.kind})` : ''}`;
  return {
    value: snapshot.value,
    steps: context.turn.steps,
    toolCalls: context.turn.toolCalls.map(describeCall),
    settledToolCalls: context.turn.settledToolCalls.map(describeCall),
    messages: context.messages.map((message) => (message.role === 'tool' ? `tool:${message.tool_call_id}` : message.role)),
    stopReason: context.turn.stopReason,
    lastError: context.lastError?.name,
    failedStage: context.failedStage,
  };
}
