import type { ChatCompletion, ChatCompletionMessageFunctionToolCall } from 'openai/resources/chat/completions';
import type { SnapshotFrom, StateValue } from 'xstate';
import type { lifecycleMachine } from '../../machines/lifecycle.js';
import type { LifecycleEvent } from '../../machines/lifecycle-types.js';
import { ApiRequestError, type RequestStage } from '../../src/errors.js';
import type { ToolCallOutcome } from '../../src/tool-calls/tool-call-record.js';
import { LOOKUP_TOOL_NAME, SLOW_TOOL_NAME, UNKNOWN_TOOL_NAME } from '../support/model-based-tools.js';

/**
 * The event cases the traversal may send: everything the outside world (caller, model API, tools)
 * can do to the machine. Each case carries a `label`, which names it in generated paths and in the
 * traversal's state keys; the machine ignores the extra field.
 */

export type LifecycleSnapshot = SnapshotFrom<typeof lifecycleMachine>;

/** `{ executing: 'single' }` → `executing.single`: how states are named in paths and messages. */
export function valueKey(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => (child === undefined ? key : `${key}.${valueKey(child)}`))
    .join(',');
}

/**
 * How the model can phrase one tool call: well-formed (`slow` is a well-formed call to the tool that
 * always times out), or one of the bad-input kinds.
 */
export type CallKind = 'valid' | 'slow' | 'invalid_json' | 'invalid_arguments' | 'unknown_tool';
/** How a tool that was started can end. */
export type OutcomeKind = 'ok' | 'tool_failed' | 'timeout' | 'unserializable_result';

export type PathEvent =
  | { type: 'user.message'; content: string; label: string }
  | { type: 'retry'; label: string }
  | { type: 'cancel'; label: string }
  | { type: 'xstate.done.actor.requestCompletion'; output: ChatCompletion; label: string }
  | { type: 'xstate.error.actor.requestCompletion'; error: ApiRequestError; label: string }
  | { type: 'tool.settled'; toolCallId: string; outcome: ToolCallOutcome; kind: OutcomeKind; label: string };

/** Event types the vocabulary knows how to produce; a machine event outside this list has no path yet. */
export const KNOWN_EVENT_TYPES: readonly string[] = [
  'user.message',
  'retry',
  'cancel',
  'xstate.done.actor.requestCompletion',
  'xstate.error.actor.requestCompletion',
  'tool.settled',
];

interface Answer {
  calls: readonly CallKind[];
  /** The model (or a loose OpenAI-compatible server) sends the same id for every call. */
  repeatedId?: boolean;
  /** An empty generation: `content: null` and no tool calls. */
  emptyContent?: boolean;
}

/**
 * The model's possible answers per request stage. Each bad-input kind appears alone (so a round can
 * have no runnable call) and in a mix with runnable calls.
 */
const ANSWERS: Record<RequestStage, readonly Answer[]> = {
  deciding: [
    { calls: [] },
    { calls: [], emptyContent: true },
    { calls: ['valid'] },
    { calls: ['valid', 'valid'] },
    { calls: ['valid', 'valid'], repeatedId: true },
    { calls: ['invalid_json'] },
    { calls: ['invalid_arguments'] },
    { calls: ['unknown_tool'] },
    { calls: ['valid', 'invalid_json', 'unknown_tool', 'valid', 'invalid_arguments'] },
    { calls: ['slow'] },
    { calls: ['valid', 'slow'] },
  ],
  responding: [{ calls: [] }, { calls: [], emptyContent: true }, { calls: ['valid'] }, { calls: ['valid', 'valid'] }],
};

/** A `lookup` call ends when the replay releases it, in any of these ways; a `slow_lookup` call only by timing out. */
const RELEASED_OUTCOMES: readonly OutcomeKind[] = ['ok', 'tool_failed', 'unserializable_result'];

export function eventCases(snapshot: LifecycleSnapshot): PathEvent[] {
  const { context } = snapshot;
  const cases: PathEvent[] = [
    { type: 'user.message', content: 'What is in the box?', label: 'user.message' },
    { type: 'user.message', content: '', label: 'user.message(empty)' },
    { type: 'retry', label: 'retry' },
    { type: 'cancel', label: 'cancel' },
  ];

  const stage = snapshot.matches('deciding') ? 'deciding' : snapshot.matches('responding') ? 'responding' : undefined;
  if (stage) {
    // Ids are unique per session: the history only grows between two requests.
    const idPrefix = `call_${context.messages.length}`;
    for (const answer of ANSWERS[stage]) cases.push(completionEvent(answer, idPrefix));
    cases.push(apiFailureEvent(stage));
  }

  const pending = context.turn.toolCalls.filter((call) => call.status === 'pending');
  // Single and sequential run one call at a time, the first pending one; parallel runs them all.
  const running = snapshot.matches({ executing: 'parallel' }) ? pending : pending.slice(0, 1);
  const settles: PathEvent[] = running.flatMap((call, position) =>
    (call.name === SLOW_TOOL_NAME ? (['timeout'] as const) : RELEASED_OUTCOMES).map((kind) => ({
      type: 'tool.settled' as const,
      toolCallId: call.id,
      outcome: modelOutcome(kind),
      kind,
      label: `tool.settled(#${position}:${kind})`,
    })),
  );
  // A running slow call times out on its own clock: nothing else may be scheduled before it, or the
  // replay's order would depend on timing.
  const timeouts = settles.filter((event) => event.type === 'tool.settled' && event.kind === 'timeout');
  if (timeouts.length > 0) return timeouts.filter((event) => snapshot.can(asMachineEvent(event)));

  return [...cases, ...settles].filter((event) => snapshot.can(asMachineEvent(event)));
}

/** Done/error events are not part of `LifecycleEvent` (XState adds them); the machine accepts them all the same. */
export function asMachineEvent(event: PathEvent): LifecycleEvent {
  return event as unknown as LifecycleEvent;
}

function completionEvent({ calls, repeatedId = false, emptyContent = false }: Answer, idPrefix: string): PathEvent {
  const toolCalls = calls.map((kind, index) => toolCall(kind, `${idPrefix}_${repeatedId ? 0 : index}`));
  const output: ChatCompletion = {
    id: `chatcmpl-${idPrefix}`,
    object: 'chat.completion',
    created: 0,
    model: 'model-based',
    choices: [
      {
        index: 0,
        logprobs: null,
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
        message: {
          role: 'assistant',
          content: toolCalls.length > 0 || emptyContent ? null : 'Here is the answer.',
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
      },
    ],
  };
  const label = `answer[${calls.join(',')}]${repeatedId ? '(repeated id)' : ''}${emptyContent ? '(empty)' : ''}`;
  return { type: 'xstate.done.actor.requestCompletion', output, label };
}

function apiFailureEvent(stage: RequestStage): PathEvent {
  return {
    type: 'xstate.error.actor.requestCompletion',
    error: new ApiRequestError(`The model API failed while ${stage}: 500 overloaded`, stage, 500, null),
    label: 'api.failure(500)',
  };
}

function toolCall(kind: CallKind, id: string): ChatCompletionMessageFunctionToolCall {
  const call = (name: string, args: string): ChatCompletionMessageFunctionToolCall => ({
    id,
    type: 'function',
    function: { name, arguments: args },
  });
  switch (kind) {
    case 'valid':
      return call(LOOKUP_TOOL_NAME, JSON.stringify({ query: id }));
    case 'slow':
      return call(SLOW_TOOL_NAME, JSON.stringify({ query: id }));
    case 'invalid_json':
      return call(LOOKUP_TOOL_NAME, '{"query": "unterminated');
    case 'invalid_arguments':
      return call(LOOKUP_TOOL_NAME, JSON.stringify({ query: 42 }));
    case 'unknown_tool':
      return call(UNKNOWN_TOOL_NAME, '{}');
  }
}

/** The traversal's stand-in for what the tool actor reports; the replay makes a real tool do this. */
function modelOutcome(kind: OutcomeKind): ToolCallOutcome {
  switch (kind) {
    case 'ok':
      return { ok: true, result: 'found', content: 'found', durationMs: 0 };
    case 'tool_failed':
      return { ok: false, error: { kind, message: 'The tool failed.', errorName: 'Error' }, durationMs: 0 };
    case 'timeout':
      return { ok: false, error: { kind, message: 'The tool timed out.', timeoutMs: 0 }, durationMs: 0 };
    case 'unserializable_result':
      return { ok: false, error: { kind, message: 'The result has no JSON form.' }, durationMs: 0 };
  }
}
