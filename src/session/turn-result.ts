import type { LifecycleContext } from '../../machines/lifecycle-types.js';
import type { ToolCallRecord } from '../conversation/tool-call-record.js';
import type { PendingApproval, ToolCallSummary, TurnResult } from '../conversation/turn-result.js';

/** The caller's view of the turn the context holds. */
export function turnResult(context: LifecycleContext): TurnResult {
  const { turn } = context;
  return {
    content: turn.content,
    toolCalls: turn.settledToolCalls.map(summary),
    pendingApprovals: pendingApprovals(context),
    steps: turn.steps,
    usage: turn.usage,
    stopReason: turn.stopReason ?? 'stop',
  };
}

export function pendingApprovals(context: LifecycleContext): PendingApproval[] {
  return context.turn.toolCalls.flatMap((call) =>
    call.status === 'awaiting_approval' ? [{ id: call.id, name: call.name, arguments: call.arguments, effect: call.effect }] : [],
  );
}

function summary(call: ToolCallRecord): ToolCallSummary {
  const base = {
    id: call.id,
    name: call.name,
    arguments: call.arguments === null ? call.rawArguments : call.arguments,
    approval: call.approval,
  };
  if (call.status === 'succeeded') {
    return { ...base, result: call.result, ...(call.truncatedFrom === null ? {} : { truncatedFrom: call.truncatedFrom }), durationMs: call.durationMs };
  }
  if (call.status === 'failed') return { ...base, error: call.error, durationMs: call.durationMs };
  return { ...base, durationMs: 0 };
}
