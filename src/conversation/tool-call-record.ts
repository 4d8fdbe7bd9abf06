import type { JsonValue } from './json.js';
import type { ToolCallError } from './tool-call-error.js';

/**
 * What a tool declares about its effect on the world. It decides which calls of a round may run
 * together and what happens to a call that was running when the process died:
 * - `read_only`: no side effects; runs alongside other calls, re-run on resume;
 * - `idempotent`: side effects that are safe to repeat with the same idempotency key; runs in the
 *   model's order after the read-only calls, re-run on resume with the same key;
 * - `write_once`: side effects that must never happen twice; runs in the model's order, and a call
 *   interrupted by a crash is answered with an `interrupted` error instead of being run again;
 * - `unspecified` (a tool that declares nothing): runs alongside other calls, as every SDK does, and
 *   is treated as `write_once` on resume, the safe choice for code toolcycle knows nothing about.
 */
export type ToolEffect = 'read_only' | 'idempotent' | 'write_once' | 'unspecified';

/** Whether a call needed a person's approval, and what they said. Decided once, in `calling`. */
export type ApprovalVerdict = 'not_required' | 'required' | 'approved' | 'rejected';

/**
 * One tool call of the current turn as the machine tracks it: plain JSON, so the conversation can be
 * snapshotted in any state. `pending` calls passed every check and wait for their tool; `running`
 * ones have started; `awaiting_approval` ones wait for a person; the others are settled.
 */
export type ToolCallRecord = PendingToolCall | RunningToolCall | AwaitingApprovalToolCall | SettledToolCall;

export interface ToolCallBase {
  id: string;
  name: string;
  /** The arguments exactly as the model sent them. */
  rawArguments: string;
  /** The parsed JSON arguments (edited ones after an approval); null when they were not JSON. */
  arguments: JsonValue | null;
  effect: ToolEffect;
  approval: ApprovalVerdict;
  /** `conversation:turn:tool_call_id`: passed to the tool, the same on every re-run. */
  idempotencyKey: string;
}

export interface PendingToolCall extends ToolCallBase {
  status: 'pending';
}

export interface RunningToolCall extends ToolCallBase {
  status: 'running';
}

export interface AwaitingApprovalToolCall extends ToolCallBase {
  status: 'awaiting_approval';
}

export type SettledToolCall =
  | (ToolCallBase & { status: 'succeeded'; result: JsonValue; content: string; durationMs: number; truncatedFrom: number | null })
  | (ToolCallBase & { status: 'failed'; error: ToolCallError; content: string; durationMs: number });

/** What a tool execution reports back when its call is done. */
export type ToolCallOutcome =
  | { ok: true; result: JsonValue; content: string; durationMs: number; truncatedFrom: number | null }
  | { ok: false; error: ToolCallError; durationMs: number };

/** A call the runner may start: checked, and approved if it needed approval. */
export type RunnableToolCall = PendingToolCall | RunningToolCall;

export function isSettled(call: ToolCallRecord): call is SettledToolCall {
  return call.status === 'succeeded' || call.status === 'failed';
}

export function settleToolCall(call: ToolCallBase, outcome: ToolCallOutcome): SettledToolCall {
  return outcome.ok
    ? {
        ...identity(call),
        status: 'succeeded',
        result: outcome.result,
        content: outcome.content,
        durationMs: outcome.durationMs,
        truncatedFrom: outcome.truncatedFrom,
      }
    : failToolCall(call, outcome.error, outcome.durationMs);
}

export function failToolCall(call: ToolCallBase, error: ToolCallError, durationMs = 0): SettledToolCall {
  return { ...identity(call), status: 'failed', error, content: toolErrorContent(error), durationMs };
}

export function withStatus<Status extends 'pending' | 'running' | 'awaiting_approval'>(call: ToolCallBase, status: Status) {
  return { ...identity(call), status };
}

/** The model reads this; keep it JSON so it can tell an error from a result that mentions one. */
export function toolErrorContent(error: ToolCallError): string {
  return JSON.stringify({ error });
}

function identity({ id, name, rawArguments, arguments: args, effect, approval, idempotencyKey }: ToolCallBase): ToolCallBase {
  return { id, name, rawArguments, arguments: args, effect, approval, idempotencyKey };
}

/** A requested call as a record, before any check: arguments parsed when they are JSON. */
export function toolCallBase(
  call: { id: string; name: string; arguments: string },
  idempotencyKey: string,
  effect: ToolEffect = 'unspecified',
): ToolCallBase {
  return { id: call.id, name: call.name, rawArguments: call.arguments, arguments: parseArguments(call.arguments), effect, approval: 'not_required', idempotencyKey };
}

/** The arguments as JSON, or null when they are not JSON; an empty string is "no arguments", as some servers send. */
export function parseArguments(raw: string): JsonValue | null {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return null;
  }
}

export function idempotencyKeyOf(conversationId: string, turn: number, toolCallId: string): string {
  return `${conversationId}:${turn}:${toolCallId}`;
}
