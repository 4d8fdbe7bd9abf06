import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { RequestParams, RequestParts } from '../src/conversation/build-chat-request.js';
import type { TurnErrorData } from '../src/conversation/errors.js';
import type { JsonValue } from '../src/conversation/json.js';
import type { ModelReply, RequestedToolCall } from '../src/conversation/model-reply.js';
import type { RequestStage } from '../src/conversation/stages.js';
import type { RunnableToolCall, SettledToolCall, ToolCallOutcome, ToolCallRecord } from '../src/conversation/tool-call-record.js';
import type { StopReason, TurnEvent } from '../src/conversation/turn-result.js';
import type { TokenUsage } from '../src/conversation/usage.js';
import type { WireContinuation } from '../src/conversation/wire-continuation.js';

/** What a lifecycle actor is created with; every field but `model` has a default. */
export interface LifecycleInput {
  model: string;
  /** Earlier history (system message included) to continue from; checked once, here. */
  messages?: readonly ChatCompletionMessageParam[];
  parallelToolCalls?: boolean;
  /** Tool rounds per turn; a round asked for past the limit is refused and a final answer forced. */
  maxSteps?: number;
  /** How often one call (same tool, same arguments) may be asked in a turn before it ends as `loop_detected`; 0 turns the check off. */
  loopLimit?: number;
  requestParams?: RequestParams;
  /** Stream replies (`stream: true`): deltas arrive as `model.streamed` events. */
  stream?: boolean;
  /** Part of each call's idempotency key (`conversation:turn:tool_call_id`). */
  conversationId?: string;
}

/** The turn in progress, or the last one finished. Plain JSON, like all of the context. */
export interface TurnState {
  /** 1 for the session's first turn. */
  number: number;
  /** Tool rounds checked in this turn. */
  steps: number;
  /** The calls of the last reply, until `calling` has checked them. */
  requested: RequestedToolCall[];
  /** The calls of the current round, in the order the model asked for them, until they are answered. */
  toolCalls: ToolCallRecord[];
  /** Every settled call of the turn, rounds in order. */
  settledToolCalls: SettledToolCall[];
  /** Each distinct call of the turn (tool + canonical arguments): how often it was asked, and which call answered it first. */
  repeats: { signature: string; count: number; firstCallId: string }[];
  /** Set when toolcycle forces a final answer (`tool_choice: "none"`). */
  forcedAnswer: 'max_steps' | 'loop_detected' | null;
  usage: TokenUsage;
  content: string;
  stopReason: StopReason | null;
}

export interface LifecycleContext {
  conversationId: string;
  model: string;
  parallelToolCalls: boolean;
  maxSteps: number;
  loopLimit: number;
  requestParams: RequestParams;
  stream: boolean;
  /** The whole wire history, exactly as it is sent. */
  messages: ChatCompletionMessageParam[];
  /** Why the history the actor was created with cannot be sent (found once, at creation); null when it is fine. */
  historyProblem: string | null;
  /** The user message being checked in `connecting`; appended to `messages` only if it passes. */
  incomingMessage: string | null;
  turn: TurnState;
  /** Requests sent so far; the current one's `requestId`. */
  requests: number;
  /** What the wire adapter keeps between requests (the Responses API's response id and reasoning items). */
  wire: WireContinuation;
  /** Token usage over the whole session. */
  usage: TokenUsage;
  lastError: TurnErrorData | null;
}

/** How a person answered a call that needed approval (already checked by the runner). */
export type ApprovalDecision = { approve: true; arguments: JsonValue | null } | { approve: false; reason: string | null };

/** The subset of turn events a request produces while it streams. */
export type StreamedTurnEvent = Extract<
  TurnEvent,
  { type: 'content.delta' | 'tool_call.started' | 'tool_call.arguments.delta' | 'request.retry' }
>;

export type LifecycleEvent =
  | { type: 'user.message'; content: string }
  | { type: 'model.streamed'; requestId: number; event: StreamedTurnEvent }
  /**
   * One HTTP attempt of the request got its answer (or none): sent only when the runner reports
   * attempts (an inspector is attached), for it to show. The machine does not act on it.
   */
  | { type: 'model.attempted'; requestId: number; attempt: number; maxAttempts: number; status: number | null; request: unknown }
  | { type: 'model.replied'; requestId: number; reply: ModelReply }
  | { type: 'model.failed'; requestId: number; error: TurnErrorData }
  | { type: 'tools.checked'; toolCalls: ToolCallRecord[] }
  | { type: 'tool.started'; toolCallId: string }
  | { type: 'tool.settled'; toolCallId: string; outcome: ToolCallOutcome }
  | { type: 'approval.decided'; decisions: Record<string, ApprovalDecision> }
  | { type: 'retry' }
  | { type: 'cancel' }
  /** After a snapshot is restored: restart what was in flight (a request, a check, the runnable tool calls). */
  | { type: 'resume' };

/** The events the machine emits to listeners (`actor.on(type, …)`): the turn's progress. */
export type LifecycleEmitted = Exclude<TurnEvent, { type: 'turn.done' }>;

export interface ModelRequestInput {
  requestId: number;
  stage: RequestStage;
  request: RequestParts;
  continuation: WireContinuation;
}

export interface CheckToolCallsInput {
  conversationId: string;
  turn: number;
  toolCalls: RequestedToolCall[];
  messages: readonly ChatCompletionMessageParam[];
}

export type ExecutionMode = 'single' | 'parallel' | 'sequential';

export interface ExecuteToolCallsInput {
  mode: ExecutionMode;
  toolCalls: RunnableToolCall[];
}
