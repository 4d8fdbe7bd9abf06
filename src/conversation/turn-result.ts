import type { JsonValue } from './json.js';
import type { ToolCallError } from './tool-call-error.js';
import type { ApprovalVerdict, ToolEffect } from './tool-call-record.js';
import type { TokenUsage } from './usage.js';

/**
 * Why a turn ended: the API's `finish_reason`; `max_steps` / `loop_detected` when toolcycle stopped
 * the tool loop and forced a final answer; `approval_required` when calls wait for `session.decide`.
 */
export type StopReason = 'stop' | 'length' | 'content_filter' | 'max_steps' | 'loop_detected' | 'approval_required';

export interface ToolCallSummary {
  id: string;
  name: string;
  /** The parsed arguments (as edited on approval); the raw string when the model did not send valid JSON. */
  arguments: JsonValue;
  /** What the tool returned, as the model received it (present when it succeeded). */
  result?: JsonValue;
  /** Why there is no result (present when it failed). */
  error?: ToolCallError;
  /** Set when the tool's output was cut to its size limit: how many characters it had. */
  truncatedFrom?: number;
  approval: ApprovalVerdict;
  durationMs: number;
}

/** A call that waits for a person: answer it with `session.decide({ [id]: … })`. */
export interface PendingApproval {
  id: string;
  name: string;
  arguments: JsonValue;
  effect: ToolEffect;
}

export interface TurnResult {
  /** The model's final answer ('' when it gave none); always a string. */
  content: string;
  /** Every settled tool call of the turn, rounds in order, calls in the order the model asked for them. */
  toolCalls: ToolCallSummary[];
  /** Calls waiting for approval (`stopReason: "approval_required"`); empty otherwise. */
  pendingApprovals: PendingApproval[];
  /** Tool rounds taken. */
  steps: number;
  usage: TokenUsage;
  stopReason: StopReason;
}

/**
 * What `session.stream()` yields and `ask(text, { onEvent })` receives while a turn runs. The last
 * event of a turn that did not fail is `turn.done`.
 */
export type TurnEvent =
  | { type: 'content.delta'; delta: string }
  | { type: 'tool_call.started'; id: string; index: number; name: string }
  | { type: 'tool_call.arguments.delta'; id: string; index: number; delta: string }
  | {
      type: 'tool_call.settled';
      id: string;
      name: string;
      result?: JsonValue;
      error?: ToolCallError;
      durationMs: number;
    }
  | { type: 'request.retry'; attempt: number; maxAttempts: number; status: number | null }
  | { type: 'approval.required'; calls: PendingApproval[] }
  | { type: 'turn.done'; result: TurnResult };

export type TurnEventType = TurnEvent['type'];
