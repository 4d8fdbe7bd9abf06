import type { SnapshotFrom, StateValue } from 'xstate';
import type { lifecycleMachine } from '../../machines/lifecycle.js';
import type { ApprovalDecision, LifecycleEvent } from '../../machines/lifecycle-types.js';
import type { TurnErrorData } from '../../src/conversation/errors.js';
import type { RequestStage } from '../../src/conversation/stages.js';
import type { ToolCallOutcome, ToolCallRecord } from '../../src/conversation/tool-call-record.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { TOOL_NAMES } from '../support/model-based-tools.js';
import type { CheckedCalls } from './checked-calls.js';
import { kindOfCall } from './call-kinds.js';
import { activeCalls, nextStart, type ExecutingMode } from './execution-plan.js';
import { answerLabel, modelReplyFor, scriptFor, type Answer } from './model-replies.js';

/**
 * The event cases the traversal may send: everything the outside world (caller, model API, tools)
 * can do to the machine, and what the real actors do on their own (`tools.checked`, `tool.started`,
 * a timeout), predicted exactly. Each case carries a `label`, which names it in generated paths and
 * in the traversal's state keys; the machine ignores the extra fields.
 */

export type LifecycleSnapshot = SnapshotFrom<typeof lifecycleMachine>;

/** How a tool that was started can end: released by the replay, or (`slow_lookup`) by its own timer. */
export type OutcomeKind = 'ok' | 'tool_failed' | 'unserializable_result' | 'timeout';

export type PathEvent = LifecycleEvent & {
  label: string;
  /** What the scripted model answers, for the replay to release (request events only). */
  script?: ScriptedReply;
  /** How the tool ends (`tool.settled` only). */
  outcomeKind?: OutcomeKind;
};

/** What the cases depend on besides the snapshot. */
export interface World {
  model: string;
  checks: CheckedCalls;
}

/** `{ executing: 'single' }` → `executing.single`: how states are named in paths and messages. */
export function valueKey(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => (child === undefined ? key : `${key}.${valueKey(child)}`))
    .join(',');
}

export function executingMode(snapshot: LifecycleSnapshot): ExecutingMode | undefined {
  return (['single', 'parallel', 'sequential'] as const).find((mode) => snapshot.matches({ executing: mode }));
}

export function requestStage(snapshot: LifecycleSnapshot): RequestStage | undefined {
  return snapshot.matches('deciding') ? 'decide' : snapshot.matches('responding') ? 'respond' : undefined;
}

/**
 * The model's possible answers per request stage. Each bad-input kind shows up in a round with no
 * runnable call; each effect, approval, timeout and repeat shows up where it decides the route.
 */
const ANSWERS: Record<RequestStage, readonly Answer[]> = {
  decide: [
    { calls: [] },
    { calls: [], emptyContent: true },
    { calls: ['read'] },
    { calls: ['read', 'read'] },
    { calls: ['read', 'read'], repeatedId: true },
    { calls: ['read', 'idem'] },
    { calls: ['write'] },
    { calls: ['plain', 'read', 'write', 'idem'] },
    { calls: ['approval'] },
    { calls: ['read', 'approval'] },
    { calls: ['invalid_json', 'invalid_arguments', 'unknown_tool', 'malformed'] },
    { calls: ['slow'] },
    { calls: ['same'] },
    { calls: ['same', 'same', 'same'] },
  ],
  respond: [{ calls: [] }, { calls: [], emptyContent: true }, { calls: ['read'] }, { calls: ['same'] }],
};

/** A started `lookup`-like call ends when the replay releases it, in any of these ways; a `slow_lookup` call only by timing out. */
const RELEASED_OUTCOMES: readonly OutcomeKind[] = ['ok', 'tool_failed', 'unserializable_result'];

const USER_MESSAGE = 'What is in the box?';

const caller = {
  message: { type: 'user.message', content: USER_MESSAGE, label: 'user.message' },
  emptyMessage: { type: 'user.message', content: '', label: 'user.message(empty)' },
  retry: { type: 'retry', label: 'retry' },
  cancel: { type: 'cancel', label: 'cancel' },
  resume: { type: 'resume', label: 'resume' },
} as const satisfies Record<string, PathEvent>;

/** Event types the vocabulary knows how to produce; a machine event outside this list has no path yet. */
export const KNOWN_EVENT_TYPES: readonly LifecycleEvent['type'][] = [
  'user.message',
  'retry',
  'cancel',
  'resume',
  'model.streamed',
  'model.replied',
  'model.failed',
  'tools.checked',
  'tool.started',
  'tool.settled',
  'approval.decided',
];

/**
 * What each rest state must ignore (a late reply or result, a stray decision, a `resume` or
 * `retry` with nothing to restart): such an event changes nothing and starts nothing.
 */
export function ignoredEvents(snapshot: LifecycleSnapshot): LifecycleEvent[] {
  const stray = 'no_such_call';
  const late: LifecycleEvent[] = [
    { type: 'tools.checked', toolCalls: [] },
    { type: 'tool.started', toolCallId: stray },
    { type: 'tool.settled', toolCallId: stray, outcome: { ok: true, result: 'late', content: 'late', durationMs: 0, truncatedFrom: null } },
    { type: 'model.streamed', requestId: 0, event: { type: 'content.delta', delta: 'late' } },
    { type: 'model.replied', requestId: 0, reply: modelReplyFor(scriptFor({ calls: [] }, stray), 'late') },
    { type: 'model.failed', requestId: 0, error: apiRequestError('late', 'decide') },
    { type: 'approval.decided', decisions: {} },
    { type: 'approval.decided', decisions: { [stray]: { approve: true, arguments: null } } },
    { type: 'resume' },
  ];
  if (snapshot.matches('idle') || snapshot.matches('cancelled')) return [...late, { type: 'cancel' }, { type: 'retry' }];
  if (snapshot.matches('failed')) return late;
  if (snapshot.matches('awaitingApproval')) return [...late, { type: 'retry' }, { type: 'user.message', content: USER_MESSAGE }];
  return [];
}

export function eventCases(snapshot: LifecycleSnapshot, world: World): PathEvent[] {
  return possibleEvents(snapshot, world).filter((event) => snapshot.can(event));
}

function possibleEvents(snapshot: LifecycleSnapshot, world: World): PathEvent[] {
  const { context } = snapshot;
  if (snapshot.matches('idle') || snapshot.matches('cancelled')) return [caller.message, caller.emptyMessage];
  if (snapshot.matches('failed')) return [caller.retry, caller.message, caller.emptyMessage, caller.cancel];
  if (snapshot.matches('awaitingApproval')) return [...decisionEvents(context.turn.toolCalls), caller.cancel];

  const stage = requestStage(snapshot);
  if (stage) {
    // Ids are unique per session: the history only grows between two replies that are recorded.
    const idPrefix = `call_${context.messages.length}`;
    const replies = ANSWERS[stage].map((answer): PathEvent => {
      const script = scriptFor(answer, idPrefix);
      const reply = modelReplyFor(script, world.model);
      return { type: 'model.replied', requestId: context.requests, reply, label: answerLabel(answer), script };
    });
    return [...replies, apiFailure(stage, context.requests), caller.cancel, caller.resume];
  }

  if (snapshot.matches({ calling: 'checking' })) {
    const { conversationId, turn, messages } = context;
    const checked = world.checks.get({ conversationId, turn: turn.number, toolCalls: turn.requested, messages });
    if (!checked) return [];
    const event: PathEvent = { type: 'tools.checked', toolCalls: checked, label: 'tools.checked' };
    // Only a check that waits (publish's approval check, held by the replay) leaves room to cancel or resume.
    const held = checked.some((call) => call.name === TOOL_NAMES.publish && call.status === 'awaiting_approval');
    return held ? [event, caller.cancel, caller.resume] : [event];
  }

  const mode = executingMode(snapshot);
  if (mode) {
    // The actor reports starts on its own, before anything can settle: the only possible next event.
    const starting = nextStart(context, mode);
    if (starting) return [{ type: 'tool.started', toolCallId: starting.id, label: `tool.started(${kindOf(starting)})` }];
    const active = activeCalls(context, mode);
    // A running slow call times out on its own clock: nothing else may be scheduled before it, or
    // the replay's order would depend on timing.
    const slow = active.find((call) => call.name === TOOL_NAMES.slow);
    if (slow) return [settleEvent(slow, 'timeout')];
    return [...active.flatMap((call) => RELEASED_OUTCOMES.map((outcome) => settleEvent(call, outcome))), caller.cancel, caller.resume];
  }
  return [];
}

function kindOf(call: ToolCallRecord): string {
  return kindOfCall(call.name, call.rawArguments);
}

function apiFailure(stage: RequestStage, requestId: number): PathEvent {
  const verb = stage === 'decide' ? 'deciding' : 'responding';
  return {
    type: 'model.failed',
    requestId,
    error: apiRequestError(`The model API failed while ${verb}: 500 overloaded`, stage),
    label: 'api.failure(500)',
    script: { error: { status: 500, message: 'overloaded' } },
  };
}

function settleEvent(call: ToolCallRecord, outcome: OutcomeKind): PathEvent {
  const label = `tool.settled(${kindOf(call)}:${outcome})`;
  return { type: 'tool.settled', toolCallId: call.id, outcome: modelOutcome(call, outcome), label, outcomeKind: outcome };
}

function apiRequestError(message: string, stage: RequestStage): TurnErrorData {
  return { name: 'ApiRequestError', message, stage, status: 500, code: null, type: null, param: null, requestId: null };
}

function decisionEvents(calls: readonly ToolCallRecord[]): PathEvent[] {
  const waiting = calls.filter((call) => call.status === 'awaiting_approval').map((call) => call.id);
  const decide = (label: string, decisionOf: (id: string, index: number) => ApprovalDecision): PathEvent => ({
    type: 'approval.decided',
    decisions: Object.fromEntries(waiting.map((id, index) => [id, decisionOf(id, index)])),
    label: `approval.decided(${label})`,
  });
  return [
    decide('approve', () => ({ approve: true, arguments: null })),
    decide('reject', () => ({ approve: false, reason: 'Not today.' })),
    decide('edit', (_id, index) => ({ approve: true, arguments: index === 0 ? { query: 'edited by a person' } : null })),
  ];
}

/** The traversal's stand-in for what the tool actor reports; the replay makes a real tool do this. */
function modelOutcome(call: ToolCallRecord, kind: OutcomeKind): ToolCallOutcome {
  switch (kind) {
    case 'ok': {
      const result = { query: (call.arguments as { query: string }).query, answer: `result for ${call.id}` };
      return { ok: true, result, content: JSON.stringify(result), durationMs: 0, truncatedFrom: null };
    }
    case 'tool_failed':
      return { ok: false, error: { kind, message: `The tool "${call.name}" failed.`, errorName: 'Error' }, durationMs: 0 };
    case 'timeout':
      return { ok: false, error: { kind, message: 'The tool timed out.', timeoutMs: 0 }, durationMs: 0 };
    case 'unserializable_result':
      return { ok: false, error: { kind, message: 'The result has no JSON form.' }, durationMs: 0 };
  }
}
