import type { ExecutionMode, TurnState } from '../../machines/lifecycle-types.js';
import { runsConcurrently } from '../../machines/turn-updates.js';
import { idempotencyKeyOf, toolCallBase, withStatus, type ToolCallRecord } from '../conversation/tool-call-record.js';
import type { PendingApproval } from '../conversation/turn-result.js';

/**
 * Every tool call of the turn, rounds in order and calls in the order the model asked for them:
 * the settled rounds, the current round as it runs, and the calls of a reply still being checked
 * (`pending`: asked for, not started). `executing` is the mode of the round being run, null when
 * no round runs.
 */
export function turnToolCalls(turn: TurnState, conversationId: string, executing: ExecutionMode | null): ToolCallRecord[] {
  const started = startedCalls(turn.toolCalls, executing);
  const round = turn.toolCalls.map((call) => (call.status === 'pending' && started.has(call.id) ? withStatus(call, 'running') : call));
  const checking = turn.requested.map((call) => withStatus(toolCallBase(call, idempotencyKeyOf(conversationId, turn.number, call.id)), 'pending'));
  return [...turn.settledToolCalls, ...round, ...checking];
}

/**
 * The machine records a call's start only for calls that must never run twice (that is what a
 * restart needs), so which calls run now follows from the order `executeToolCalls` runs a round in:
 * in `parallel`, the calls that may run side by side all at once, then the others one at a time;
 * in `single` and `sequential`, one at a time in the model's order.
 */
function startedCalls(calls: readonly ToolCallRecord[], executing: ExecutionMode | null): Set<string> {
  if (executing === null) return new Set();
  const open = calls.filter((call) => call.status === 'pending' || call.status === 'running');
  const together = executing === 'parallel' ? open.filter((call) => runsConcurrently(call.effect)) : [];
  return new Set((together.length > 0 ? together : open.slice(0, 1)).map((call) => call.id));
}

/** The calls that wait for `decide`, as `session.pendingApprovals` lists them. */
export function approvalsOf(calls: readonly ToolCallRecord[]): PendingApproval[] {
  return calls.flatMap((call) =>
    call.status === 'awaiting_approval' ? [{ id: call.id, name: call.name, arguments: call.arguments, effect: call.effect }] : [],
  );
}
