import { LIFECYCLE_OWNED_PARAMS } from '../src/conversation/build-chat-request.js';
import { callSignature } from '../src/conversation/call-signature.js';
import type { TurnErrorData } from '../src/conversation/errors.js';
import { findConversationProblem } from '../src/conversation/find-conversation-problem.js';
import type { FinishReason, ModelReply } from '../src/conversation/model-reply.js';
import {
  failToolCall,
  idempotencyKeyOf,
  isSettled,
  parseArguments,
  settleToolCall,
  toolCallBase,
  withStatus,
  type PendingToolCall,
  type SettledToolCall,
  type ToolCallOutcome,
  type ToolCallRecord,
} from '../src/conversation/tool-call-record.js';
import type { ToolCallError } from '../src/conversation/tool-call-error.js';
import type { StopReason } from '../src/conversation/turn-result.js';
import { addUsage, NO_USAGE } from '../src/conversation/usage.js';
import { continueWith, NO_CONTINUATION } from '../src/conversation/wire-continuation.js';
import type { ApprovalDecision, ExecutionMode, LifecycleContext, LifecycleInput, TurnState } from './lifecycle-types.js';

/**
 * The lifecycle's context updates as pure functions of the context (and an event's data), so the
 * machine's `assign`s stay one-liners and each rule can be tested on its own.
 */

export const DEFAULT_MAX_STEPS = 8;
export const DEFAULT_LOOP_LIMIT = 3;

export function initialContext(input: Partial<LifecycleInput>): LifecycleContext {
  // Copied as JSON: the context must be plain data (no `undefined`, nothing the caller can change later).
  const given = asJson(input.messages === undefined ? [] : input.messages);
  const problem = given.ok ? findConversationProblem(given.value) : { message: `messages cannot be sent as JSON (${given.reason}).` };
  const requestParams = asJson(input.requestParams ?? {});
  return {
    conversationId: input.conversationId ?? '',
    model: input.model ?? '',
    parallelToolCalls: input.parallelToolCalls ?? true,
    maxSteps: input.maxSteps ?? DEFAULT_MAX_STEPS,
    loopLimit: input.loopLimit ?? DEFAULT_LOOP_LIMIT,
    requestParams: requestParams.ok && isPlainObject(requestParams.value) ? (requestParams.value as LifecycleContext['requestParams']) : {},
    stream: input.stream ?? false,
    messages: given.ok && Array.isArray(given.value) ? (given.value as LifecycleContext['messages']) : [],
    historyProblem: problem ? problem.message : null,
    incomingMessage: null,
    turn: emptyTurn(0),
    requests: 0,
    wire: NO_CONTINUATION,
    usage: NO_USAGE,
    lastError: null,
  };
}

function asJson(value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? { ok: true, value } : { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'not serializable' };
  }
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptyTurn(number: number): TurnState {
  return {
    number,
    steps: 0,
    requested: [],
    toolCalls: [],
    settledToolCalls: [],
    repeats: [],
    forcedAnswer: null,
    usage: NO_USAGE,
    content: '',
    stopReason: null,
  };
}

/** The `connect` stage's checks on what the caller supplied, as the error the turn fails with. */
export function findTurnProblem(context: LifecycleContext): TurnErrorData | undefined {
  const invalid = (message: string, reason: Extract<TurnErrorData, { name: 'InvalidTurnError' }>['reason']): TurnErrorData => ({
    name: 'InvalidTurnError',
    message,
    reason,
  });
  const message = context.incomingMessage;
  if (typeof message !== 'string' || message.trim() === '') return invalid('The message is empty: send some text.', 'empty_message');
  if (typeof context.model !== 'string' || context.model.trim() === '') {
    return invalid('No model is set: pass `model` (e.g. "gpt-4o-mini").', 'missing_model');
  }
  if (!Number.isInteger(context.maxSteps) || context.maxSteps < 1) {
    return invalid(`maxSteps must be a whole number of at least 1, got ${context.maxSteps}.`, 'invalid_options');
  }
  if (!Number.isInteger(context.loopLimit) || context.loopLimit === 1 || context.loopLimit < 0) {
    return invalid(`loopLimit must be 0 (off) or a whole number of at least 2, got ${context.loopLimit}.`, 'invalid_options');
  }
  // The type already excludes these; plain JavaScript callers get the same answer at run time.
  const owned = LIFECYCLE_OWNED_PARAMS.filter((key) => Object.hasOwn(context.requestParams, key));
  if (owned.length > 0) {
    return invalid(`requestParams cannot set ${owned.join(', ')}: the lifecycle sets them itself.`, 'invalid_options');
  }
  if (context.historyProblem) return invalid(`The conversation history is invalid: ${context.historyProblem}`, 'invalid_history');
  return undefined;
}

export function startTurn(context: LifecycleContext) {
  return {
    messages: [...context.messages, { role: 'user' as const, content: context.incomingMessage ?? '' }],
    incomingMessage: null,
    lastError: null,
    turn: emptyTurn(context.turn.number + 1),
  };
}

export function recordReply(context: LifecycleContext, reply: ModelReply) {
  return {
    messages: [...context.messages, reply.message],
    wire: continueWith(context.wire, reply.continuation, context.messages.length),
    usage: addUsage(context.usage, reply.usage),
    turn: { ...context.turn, requested: reply.toolCalls, usage: addUsage(context.turn.usage, reply.usage), content: reply.content },
  };
}

/**
 * The checked calls become the round. A call the model already asked for in this turn (same tool,
 * same arguments) is not run again: the model is told once that it was answered, and at `loopLimit`
 * asks the turn stops the loop and forces a final answer.
 */
export function recordChecks(context: LifecycleContext, checked: readonly ToolCallRecord[]) {
  const { turn, loopLimit } = context;
  const repeats = [...turn.repeats];
  let forcedAnswer = turn.forcedAnswer;
  const toolCalls = checked.map((call): ToolCallRecord => {
    if (loopLimit === 0) return call;
    const signature = callSignature(call.name, call.arguments, call.rawArguments);
    const at = repeats.findIndex((entry) => entry.signature === signature);
    if (at < 0) {
      repeats.push({ signature, count: 1, firstCallId: call.id });
      return call;
    }
    const entry = { ...repeats[at]!, count: repeats[at]!.count + 1 };
    repeats[at] = entry;
    if (entry.count >= loopLimit) {
      forcedAnswer = 'loop_detected';
      return failToolCall(call, {
        kind: 'loop_detected',
        message: `Not executed: "${call.name}" was asked ${entry.count} times with the same arguments in this turn. Answer with what you have.`,
        repeats: entry.count,
      });
    }
    const previous = [...turn.settledToolCalls, ...checked].find((other) => other.id === entry.firstCallId);
    const previousContent = previous && isSettled(previous) ? previous.content : '';
    return failToolCall(call, {
      kind: 'repeated_call',
      message: `Not executed again: this call repeats ${entry.firstCallId} (same tool, same arguments) of this turn${
        previousContent ? `, which was answered with: ${previousContent}` : `; its answer is the tool message for ${entry.firstCallId}`
      }.`,
      previousContent,
    });
  });
  return { turn: { ...turn, requested: [], toolCalls, repeats, forcedAnswer, steps: turn.steps + 1 } };
}

export function recordToolStarted(context: LifecycleContext, toolCallId: string) {
  return mapCalls(context, (call) => (call.id === toolCallId && call.status === 'pending' ? withStatus(call, 'running') : call));
}

export function recordToolOutcome(context: LifecycleContext, toolCallId: string, outcome: ToolCallOutcome) {
  return mapCalls(context, (call) => (call.id === toolCallId && isRunnable(call) ? settleToolCall(call, outcome) : call));
}

/** Approved calls become runnable (with the person's edited arguments), rejected ones are answered; the turn goes on. */
export function applyDecisions(context: LifecycleContext, decisions: Readonly<Record<string, ApprovalDecision>>) {
  const decided = mapCalls(context, (call) => {
    if (call.status !== 'awaiting_approval' || !Object.hasOwn(decisions, call.id)) return call;
    const decision = decisions[call.id]!;
    if (decision.approve) {
      const args = decision.arguments ?? call.arguments;
      return { ...withStatus(call, 'pending'), arguments: args, approval: 'approved' as const };
    }
    const reason = decision.reason;
    return failToolCall({ ...call, approval: 'rejected' }, {
      kind: 'rejected',
      message: `A person declined to run "${call.name}"${reason ? `: ${reason}` : '.'} Do not call it again for this request.`,
      reason,
    });
  });
  return { turn: { ...decided.turn, stopReason: null } };
}

/** After a restore: what was running is run again if that is safe, and answered as interrupted if not. */
export function prepareResume(context: LifecycleContext) {
  return mapCalls(context, (call) => {
    if (call.status !== 'running') return call;
    if (call.effect === 'read_only' || call.effect === 'idempotent') return withStatus(call, 'pending');
    return failToolCall(call, {
      kind: 'interrupted',
      message: `"${call.name}" was running when the process stopped, and it may have taken effect; it is not run twice. Check its effect before asking for it again.`,
    });
  });
}

/** Ends a round: every call gets its `tool` message, in the order of the calls, and moves to the turn's settled list. */
export function answerRound(context: LifecycleContext) {
  const settled = context.turn.toolCalls.filter(isSettled);
  return appendAnswers(context, settled, { toolCalls: [] });
}

/**
 * A reply that asks for tools when no round may run (past the step limit, or after the answer was
 * forced): its calls are answered with an error, not run.
 */
export function refuseRequestedCalls(context: LifecycleContext, forcedAnswer: 'max_steps' | 'loop_detected') {
  const error: ToolCallError =
    forcedAnswer === 'max_steps'
      ? { kind: 'step_limit', message: `Not executed: the turn reached its limit of ${context.maxSteps} tool rounds. Answer with what you have.` }
      : { kind: 'loop_detected', message: 'Not executed: the turn stopped a loop of repeated calls. Answer with what you have.', repeats: context.loopLimit };
  const refused = context.turn.requested.map((call) => failToolCall(baseOf(context, call), error));
  return appendAnswers(context, refused, { requested: [], forcedAnswer });
}

/** Cancelling must leave a history the API accepts: every call not answered yet is answered as cancelled. */
export function cancelTurn(context: LifecycleContext, message: string, partialContent = '') {
  const error: ToolCallError = { kind: 'cancelled', message: 'The turn was cancelled before the tool finished.' };
  const answered = [
    ...context.turn.toolCalls.map((call) => (isSettled(call) ? call : failToolCall(call, error))),
    // Cancelled while `calling` checked them: the calls are in the history but not yet in the round.
    ...context.turn.requested.map((call) => failToolCall(baseOf(context, call), error)),
  ];
  const lastError: TurnErrorData = { name: 'TurnCancelledError', message, partialContent };
  return { ...appendAnswers(context, answered, { toolCalls: [], requested: [] }), incomingMessage: null, lastError };
}

export function finishTurn(context: LifecycleContext, finishReason: FinishReason): { turn: TurnState } {
  const stopReason: StopReason = context.turn.forcedAnswer ?? (finishReason === 'length' || finishReason === 'content_filter' ? finishReason : 'stop');
  return { turn: { ...context.turn, stopReason } };
}

export function awaitApproval(context: LifecycleContext) {
  return { turn: { ...context.turn, stopReason: 'approval_required' as const } };
}

/** What happens to the round next, decided on the recorded calls. */
export function nextStepOfRound(context: LifecycleContext): 'respond' | 'approve' | ExecutionMode {
  const runnable = runnableCalls(context);
  if (runnable.length === 0) {
    return context.turn.toolCalls.some((call) => call.status === 'awaiting_approval') ? 'approve' : 'respond';
  }
  if (runnable.length === 1) return 'single';
  const concurrent = runnable.filter((call) => runsConcurrently(call.effect));
  return context.parallelToolCalls && concurrent.length >= 2 ? 'parallel' : 'sequential';
}

/** Read-only calls, and calls of tools that declare nothing (as every SDK runs them), may run side by side. */
export function runsConcurrently(effect: ToolCallRecord['effect']): boolean {
  return effect === 'read_only' || effect === 'unspecified';
}

export function runnableCalls(context: LifecycleContext): PendingToolCall[] {
  return context.turn.toolCalls.filter((call): call is PendingToolCall => call.status === 'pending');
}

export function isRunnable(call: ToolCallRecord): boolean {
  return call.status === 'pending' || call.status === 'running';
}

export function openCallCount(context: LifecycleContext): number {
  return context.turn.toolCalls.filter(isRunnable).length;
}

function mapCalls(context: LifecycleContext, update: (call: ToolCallRecord) => ToolCallRecord) {
  return { turn: { ...context.turn, toolCalls: context.turn.toolCalls.map(update) } };
}

/**
 * What the model reads for a call. When a person changed the arguments before approving, the model's
 * own message still shows what it asked for, so the answer says what really ran.
 */
function answerContent(call: SettledToolCall): string {
  if (call.approval !== 'approved' || call.status !== 'succeeded') return call.content;
  const asked = parseArguments(call.rawArguments);
  if (asked !== null && callSignature('', asked, '') === callSignature('', call.arguments, call.rawArguments)) return call.content;
  return `[A person changed the arguments before approving; the call ran with ${JSON.stringify(call.arguments)}]\n${call.content}`;
}

function baseOf(context: LifecycleContext, call: { id: string; name: string; arguments: string }) {
  return toolCallBase(call, idempotencyKeyOf(context.conversationId, context.turn.number, call.id));
}

function appendAnswers(context: LifecycleContext, answered: readonly SettledToolCall[], turnChanges: Partial<TurnState>) {
  return {
    messages:
      answered.length === 0
        ? context.messages
        : [...context.messages, ...answered.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: answerContent(call) }))],
    turn: { ...context.turn, ...turnChanges, settledToolCalls: [...context.turn.settledToolCalls, ...answered] },
  };
}
