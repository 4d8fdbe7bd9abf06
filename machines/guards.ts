import type { LifecycleContext, LifecycleEvent } from './lifecycle-types.js';
import { findTurnProblem, isRunnable, nextStepOfRound, openCallCount } from './turn-updates.js';

/**
 * The lifecycle's decisions, as pure functions of context and event, so each can be unit-tested
 * and the machine stays data.
 */

export const isTurnAcceptable = (context: LifecycleContext) => findTurnProblem(context) === undefined;

export function repliedWithToolCalls(event: LifecycleEvent): boolean {
  return event.type === 'model.replied' && event.reply.toolCalls.length > 0;
}

/** A reply with tool calls may start another round: under `maxSteps` and no final answer forced yet. */
export function mayStartAnotherRound(context: LifecycleContext, event: LifecycleEvent): boolean {
  return repliedWithToolCalls(event) && context.turn.steps < context.maxSteps && context.turn.forcedAnswer === null;
}

/** The step limit stops a round the model asked for: its calls are refused and a final answer is forced. */
export function reachesStepLimit(context: LifecycleContext, event: LifecycleEvent): boolean {
  return repliedWithToolCalls(event) && context.turn.forcedAnswer === null;
}

export const roundIsAnswered = (context: LifecycleContext) => nextStepOfRound(context) === 'respond';
export const callsAwaitApproval = (context: LifecycleContext) => nextStepOfRound(context) === 'approve';
export const hasOneRunnableCall = (context: LifecycleContext) => nextStepOfRound(context) === 'single';
export const canRunInParallel = (context: LifecycleContext) => nextStepOfRound(context) === 'parallel';

function settlesOpenCall(context: LifecycleContext, event: LifecycleEvent): boolean {
  return event.type === 'tool.settled' && context.turn.toolCalls.some((call) => call.id === event.toolCallId && isRunnable(call));
}

/** The settled call was open and others still are: stay and wait. Unknown or settled ids settle nothing. */
export function settlesOneOfSeveral(context: LifecycleContext, event: LifecycleEvent): boolean {
  return settlesOpenCall(context, event) && openCallCount(context) > 1;
}

/** The settled call was the last open one: the round's execution is over. */
export function settlesLastOpenCall(context: LifecycleContext, event: LifecycleEvent): boolean {
  return settlesOpenCall(context, event) && openCallCount(context) === 1;
}

/** A decision for exactly the calls that wait for one (the runner checks this too, with a typed error). */
export function decidesEveryWaitingCall(context: LifecycleContext, event: LifecycleEvent): boolean {
  if (event.type !== 'approval.decided') return false;
  const waiting = context.turn.toolCalls.filter((call) => call.status === 'awaiting_approval').map((call) => call.id);
  const decided = Object.keys(event.decisions);
  return waiting.length > 0 && decided.length === waiting.length && waiting.every((id) => Object.hasOwn(event.decisions, id));
}

export function canRetry(context: LifecycleContext, stage: 'decide' | 'respond'): boolean {
  return context.lastError?.name === 'ApiRequestError' && context.lastError.stage === stage;
}
