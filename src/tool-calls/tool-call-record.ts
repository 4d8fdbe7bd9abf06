import type { ToolCallError } from './tool-call-error.js';

/**
 * One tool call of the current turn as the machine tracks it. `pending` calls have passed every
 * check and are waiting for their tool; the others are settled, with a result or an error.
 */
export type ToolCallRecord = PendingToolCall | SettledToolCall;

export interface ToolCallBase {
  id: string;
  name: string;
  /** The arguments exactly as the model sent them. */
  rawArguments: string;
  /** Parsed and validated arguments; the parsed JSON when validation failed; undefined when not JSON. */
  arguments: unknown;
}

export interface PendingToolCall extends ToolCallBase {
  status: 'pending';
}

export type SettledToolCall =
  | (ToolCallBase & { status: 'succeeded'; result: unknown; content: string; durationMs: number })
  | (ToolCallBase & { status: 'failed'; error: ToolCallError; content: string; durationMs: number });

/** What an `executeToolCall` actor reports back when its call is done. */
export type ToolCallOutcome =
  { ok: true; result: unknown; content: string; durationMs: number } | { ok: false; error: ToolCallError; durationMs: number };

export function settleToolCall(call: ToolCallBase, outcome: ToolCallOutcome): SettledToolCall {
  return outcome.ok
    ? { ...identity(call), status: 'succeeded', result: outcome.result, content: outcome.content, durationMs: outcome.durationMs }
    : failToolCall(call, outcome.error, outcome.durationMs);
}

export function failToolCall(call: ToolCallBase, error: ToolCallError, durationMs = 0): SettledToolCall {
  return { ...identity(call), status: 'failed', error, content: toolErrorContent(error), durationMs };
}

/** The model reads this; keep it JSON so it can tell an error from a result that mentions one. */
export function toolErrorContent(error: ToolCallError): string {
  return JSON.stringify({ error });
}

function identity({ id, name, rawArguments, arguments: args }: ToolCallBase): ToolCallBase {
  return { id, name, rawArguments, arguments: args };
}
