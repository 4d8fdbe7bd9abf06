import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { LifecycleContext, LifecycleEvent } from './lifecycle-types.js';

/**
 * The lifecycle's decisions, as pure functions of context and event, so each can be unit-tested
 * and the machine stays data.
 */

export function completionHasToolCalls(completion: ChatCompletion): boolean {
  return (completion.choices[0]?.message.tool_calls?.length ?? 0) > 0;
}

export function canTakeAnotherStep(context: LifecycleContext): boolean {
  return context.turn.steps < context.maxSteps;
}

export function pendingToolCallCount(context: LifecycleContext): number {
  return context.turn.toolCalls.filter((call) => call.status === 'pending').length;
}

/** Which execution the checked calls need: none (all failed their checks), one, or several. */
export function executionPlan(context: LifecycleContext): 'none' | 'single' | 'parallel' | 'sequential' {
  const pending = pendingToolCallCount(context);
  if (pending === 0) return 'none';
  if (pending === 1) return 'single';
  return context.parallelToolCalls ? 'parallel' : 'sequential';
}

function isPending(context: LifecycleContext, toolCallId: string): boolean {
  return context.turn.toolCalls.some((call) => call.id === toolCallId && call.status === 'pending');
}

/** The settled call was pending and others still are: stay and wait. */
export function settlesOneOfSeveral(context: LifecycleContext, event: LifecycleEvent): boolean {
  return event.type === 'tool.settled' && isPending(context, event.toolCallId) && pendingToolCallCount(context) > 1;
}

/** The settled call was the last pending one: the round is complete. Unknown ids settle nothing. */
export function settlesLastPending(context: LifecycleContext, event: LifecycleEvent): boolean {
  return event.type === 'tool.settled' && isPending(context, event.toolCallId) && pendingToolCallCount(context) === 1;
}

export function canRetry(context: LifecycleContext, stage: 'deciding' | 'responding'): boolean {
  return context.lastError?.name === 'ApiRequestError' && context.failedStage === stage;
}
