import type { InspectionEvent, SnapshotFrom, StateValue } from 'xstate';
import type { LifecycleMachine } from '../../machines/lifecycle.js';
import type { ToolCallError } from '../tool-calls/tool-call-error.js';

type LifecycleSnapshot = SnapshotFrom<LifecycleMachine>;

/** One line of the CLI's trace: where the machine went, on which event, and what that event carried. */
export type TransitionRecord = {
  state: string;
  event: string;
} & (
  | { stage: 'connect'; model: string; tools: string[]; parallelToolCalls: boolean; maxSteps: number }
  | { stage: 'decide' | 'respond'; toolCalls: { id: string; name: string; arguments: string }[]; checkErrors: CheckFailure[] }
  | { stage: 'execute'; toolCallId: string; name: string; durationMs: number; result?: unknown; error?: ToolCallError }
  | { stage: 'answer'; from: 'decide' | 'respond'; content: string; stopReason: string; usage: { promptTokens: number; completionTokens: number; totalTokens: number } }
  | { stage: 'failed'; error: { name: string; message: string } }
  | { stage: 'cancelled' }
  | { stage: 'other' }
);

interface CheckFailure {
  toolCallId: string;
  name: string;
  error: ToolCallError;
}

/** `{ executing: 'parallel' }` → `executing.parallel`; parallel regions are joined with `,`. */
export function stateName(value: StateValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) =>
      child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${stateName(child)}`,
    )
    .join(',');
}

/**
 * Turns the root actor's inspection stream into transition records. Built on XState's `inspect`
 * API rather than `subscribe`, because only inspection events say which event caused a snapshot.
 */
export function traceTransitions(onRecord: (record: TransitionRecord) => void) {
  let root: InspectionEvent['actorRef'] | undefined;
  let previous: LifecycleSnapshot | undefined;
  return (inspection: InspectionEvent) => {
    if (inspection.type !== '@xstate.snapshot') return;
    root ??= inspection.actorRef;
    if (inspection.actorRef !== root) return;
    const snapshot = inspection.snapshot as LifecycleSnapshot;
    const before = previous;
    previous = snapshot;
    if (!before || inspection.event.type === 'xstate.init') return;
    for (const record of describeTransition(before, inspection.event.type, snapshot)) onRecord(record);
  };
}

function describeTransition(before: LifecycleSnapshot, event: string, after: LifecycleSnapshot): TransitionRecord[] {
  const state = stateName(after.value);
  const { context } = after;
  const records: TransitionRecord[] = [];

  if (event === 'user.message' && after.matches('deciding')) {
    records.push({ state, event, stage: 'connect', model: context.model, tools: [...context.toolbox.names], parallelToolCalls: context.parallelToolCalls, maxSteps: context.maxSteps });
  }
  if (event === 'retry') records.push({ state, event, stage: 'other' });
  if (event.startsWith('xstate.done.actor.')) {
    const stage = before.matches('deciding') ? 'decide' : 'respond';
    const assistant = context.messages.findLast((message) => message.role === 'assistant');
    const toolCalls = (assistant?.role === 'assistant' ? (assistant.tool_calls ?? []) : []).flatMap((call) =>
      call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
    );
    if (toolCalls.length > 0) {
      const failures = [...context.turn.toolCalls, ...context.turn.settledToolCalls].flatMap((call) =>
        call.status === 'failed' && toolCalls.some((requested) => requested.id === call.id) ? [{ toolCallId: call.id, name: call.name, error: call.error }] : [],
      );
      records.push({ state, event, stage, toolCalls, checkErrors: failures });
    }
  }
  // A settled call is either still in the round or, when the round just ended, among the settled.
  if (event === 'tool.settled') {
    const settledNow = [...after.context.turn.toolCalls, ...after.context.turn.settledToolCalls].find(
      (call) => call.status !== 'pending' && before.context.turn.toolCalls.some((earlier) => earlier.id === call.id && earlier.status === 'pending'),
    );
    if (settledNow && settledNow.status !== 'pending') {
      records.push({
        state,
        event,
        stage: 'execute',
        toolCallId: settledNow.id,
        name: settledNow.name,
        durationMs: settledNow.durationMs,
        ...(settledNow.status === 'succeeded' ? { result: settledNow.result } : { error: settledNow.error }),
      });
    }
  }
  if (after.matches('idle') && !before.matches('idle')) {
    records.push({ state, event, stage: 'answer', from: before.matches('deciding') ? 'decide' : 'respond', content: context.turn.content ?? '', stopReason: context.turn.stopReason ?? 'stop', usage: context.turn.usage });
  }
  if (after.matches('failed') && !before.matches('failed')) {
    const error = context.lastError;
    records.push({ state, event, stage: 'failed', error: { name: error?.name ?? 'Error', message: error?.message ?? 'unknown error' } });
  }
  if (after.matches('cancelled') && !before.matches('cancelled')) records.push({ state, event, stage: 'cancelled' });
  return records;
}
