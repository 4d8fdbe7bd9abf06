import type { InspectionEvent, SnapshotFrom } from 'xstate';
import type { LifecycleMachine } from '../../machines/lifecycle.js';
import { STATES } from '../../machines/lifecycle-states.js';
import type { LifecycleEvent } from '../../machines/lifecycle-types.js';
import type { JsonValue } from '../conversation/json.js';
import type { RequestStage, Stage } from '../conversation/stages.js';
import type { ToolCallError } from '../conversation/tool-call-error.js';
import { isSettled } from '../conversation/tool-call-record.js';
import type { PendingApproval } from '../conversation/turn-result.js';
import type { TokenUsage } from '../conversation/usage.js';
import { stageOf, stateName } from './state-name.js';

type LifecycleSnapshot = SnapshotFrom<LifecycleMachine>;

/**
 * One line of the trace: what happened (`kind`), in which state the machine ended up, on which
 * event, and the stage (from the machine's `meta.stage`) the event belonged to.
 */
export type TransitionRecord = {
  state: string;
  event: string;
  stage: Stage | null;
} & (
  | { kind: 'connect'; model: string; tools: string[]; parallelToolCalls: boolean; maxSteps: number }
  | { kind: 'request'; toolCalls: { id: string; name: string; arguments: string }[] }
  | { kind: 'retry'; attempt: number; maxAttempts: number; status: number | null }
  | { kind: 'call'; calls: number; plan: 'single' | 'parallel' | 'sequential' | 'approval' | 'none'; checkErrors: CheckFailure[] }
  | {
      kind: 'execute';
      toolCallId: string;
      name: string;
      /** Where the call went when not this process, e.g. `mcp:notes`. */
      origin?: string;
      durationMs: number;
      result?: JsonValue;
      error?: ToolCallError;
      truncatedFrom?: number;
    }
  | { kind: 'approval'; calls: PendingApproval[] }
  | { kind: 'answer'; from: RequestStage; content: string; stopReason: string; usage: TokenUsage; steps: number }
  | { kind: 'failed'; error: { name: string; message: string; status: number | null; code: string | null; stage: RequestStage | null } }
  | { kind: 'cancelled' }
);

export interface TraceOptions {
  /** The registered tools' names, which the machine itself does not hold. */
  tools?: readonly string[];
  /** Where a tool runs when not in this process (e.g. `mcp:notes`), for its execute records. */
  originOf?: (toolName: string) => string | undefined;
}

export interface CheckFailure {
  toolCallId: string;
  name: string;
  error: ToolCallError;
}

/**
 * Turns the root actor's inspection stream into transition records, for the CLI's trace and the
 * inspector's timeline. Built on XState's `inspect` API rather than `subscribe`, because only
 * inspection events say which event caused a snapshot.
 */
export function traceTransitions(
  onRecord: (record: TransitionRecord) => void,
  options: TraceOptions = {},
) {
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
    for (const record of describeTransition(before, inspection.event as LifecycleEvent, snapshot, options)) onRecord(record);
  };
}

function describeTransition(
  before: LifecycleSnapshot,
  event: LifecycleEvent,
  after: LifecycleSnapshot,
  { tools = [], originOf }: TraceOptions,
): TransitionRecord[] {
  const base = { state: stateName(after.value), event: event.type, stage: stageOf(before) };
  const { context } = after;
  const records: TransitionRecord[] = [];
  const withOrigin = (name: string) => {
    const origin = originOf?.(name);
    return origin === undefined ? {} : { origin };
  };

  if (event.type === 'user.message' && after.matches(STATES.deciding)) {
    const { model, parallelToolCalls, maxSteps } = context;
    records.push({ ...base, stage: 'connect', kind: 'connect', model, tools: [...tools], parallelToolCalls, maxSteps });
  }
  if (event.type === 'model.streamed' && event.event.type === 'request.retry') {
    const { attempt, maxAttempts, status } = event.event;
    records.push({ ...base, kind: 'retry', attempt, maxAttempts, status });
  }
  if (event.type === 'model.replied' && event.reply.toolCalls.length > 0) {
    const toolCalls = event.reply.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
    records.push({ ...base, kind: 'request', toolCalls });
  }
  if (event.type === 'tools.checked') {
    const checkErrors = event.toolCalls.flatMap((call) =>
      call.status === 'failed' ? [{ toolCallId: call.id, name: call.name, error: call.error }] : [],
    );
    records.push({ ...base, kind: 'call', calls: event.toolCalls.length, plan: planOf(after), checkErrors });
  }
  if (event.type === 'tool.settled') {
    const settled = [...context.turn.toolCalls, ...context.turn.settledToolCalls].find((call) => call.id === event.toolCallId);
    const wasOpen = before.context.turn.toolCalls.some((call) => call.id === event.toolCallId && !isSettled(call));
    if (settled && wasOpen && isSettled(settled)) {
      records.push({
        ...base,
        kind: 'execute',
        toolCallId: settled.id,
        name: settled.name,
        ...withOrigin(settled.name),
        durationMs: settled.durationMs,
        ...(settled.status === 'succeeded'
          ? { result: settled.result, ...(settled.truncatedFrom === null ? {} : { truncatedFrom: settled.truncatedFrom }) }
          : { error: settled.error }),
      });
    }
  }
  if (event.type === 'approval.decided') {
    // A rejected call is settled by the decision itself: it never reaches `execute`, so say so here.
    for (const call of context.turn.toolCalls) {
      if (call.status === 'failed' && call.approval === 'rejected' && Object.hasOwn(event.decisions, call.id)) {
        records.push({ ...base, kind: 'execute', toolCallId: call.id, name: call.name, ...withOrigin(call.name), durationMs: 0, error: call.error });
      }
    }
  }
  if (after.matches(STATES.awaitingApproval) && !before.matches(STATES.awaitingApproval)) {
    const calls = context.turn.toolCalls.flatMap((call) =>
      call.status === 'awaiting_approval' ? [{ id: call.id, name: call.name, arguments: call.arguments, effect: call.effect }] : [],
    );
    records.push({ ...base, kind: 'approval', calls });
  }
  if (after.matches(STATES.idle) && !before.matches(STATES.idle)) {
    const { content, stopReason, usage, steps } = context.turn;
    const from = base.stage === 'decide' ? 'decide' : 'respond';
    records.push({ ...base, kind: 'answer', from, content, stopReason: stopReason ?? 'stop', usage, steps });
  }
  if (after.matches(STATES.failed) && !before.matches(STATES.failed)) {
    const error = context.lastError;
    records.push({
      ...base,
      kind: 'failed',
      error: {
        name: error?.name ?? 'Error',
        message: error?.message ?? 'unknown error',
        status: error?.name === 'ApiRequestError' ? error.status : null,
        code: error?.name === 'ApiRequestError' ? error.code : error?.name === 'InvalidTurnError' ? error.reason : null,
        stage: error?.name === 'ApiRequestError' ? error.stage : null,
      },
    });
  }
  if (after.matches(STATES.cancelled) && !before.matches(STATES.cancelled)) records.push({ ...base, kind: 'cancelled' });
  return records;
}

function planOf(after: LifecycleSnapshot): Extract<TransitionRecord, { kind: 'call' }>['plan'] {
  if (after.matches({ [STATES.executing]: STATES.single })) return 'single';
  if (after.matches({ [STATES.executing]: STATES.parallel })) return 'parallel';
  if (after.matches({ [STATES.executing]: STATES.sequential })) return 'sequential';
  return after.matches(STATES.awaitingApproval) ? 'approval' : 'none';
}
