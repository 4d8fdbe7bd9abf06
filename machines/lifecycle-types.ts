import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { RequestStage, TurnError } from '../src/errors.js';
import type { TokenUsage } from '../src/conversation/usage.js';
import type { Toolbox } from '../src/tool-calls/toolbox.js';
import type { PendingToolCall, SettledToolCall, ToolCallOutcome, ToolCallRecord } from '../src/tool-calls/tool-call-record.js';

/**
 * Extra Chat Completions parameters sent with every request (temperature, max_completion_tokens,
 * seed, user, …). The lifecycle owns the rest: the conversation, the tools and how they are chosen,
 * and a single non-streamed choice.
 */
export type RequestParams = Omit<ChatCompletionCreateParamsNonStreaming, LifecycleOwnedParam>;

/** Parameters only the lifecycle sets; `connecting` rejects them in `requestParams`. */
export const LIFECYCLE_OWNED_PARAMS = [
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'stream',
  'stream_options',
  'n',
  'functions',
  'function_call',
] as const;
type LifecycleOwnedParam = (typeof LIFECYCLE_OWNED_PARAMS)[number];

/** Why a turn ended: the API's `finish_reason`, or `max_steps` when toolcycle stopped the loop. */
export type StopReason = 'stop' | 'length' | 'content_filter' | 'max_steps';

export interface LifecycleInput {
  model: string;
  toolbox: Toolbox;
  /** Earlier history (system message included) to continue from. */
  messages?: ChatCompletionMessageParam[];
  parallelToolCalls?: boolean;
  maxSteps?: number;
  requestParams?: RequestParams;
}

/** The turn in progress, or the last one finished. */
export interface TurnState {
  /** Tool rounds executed in this turn. */
  steps: number;
  /** The calls of the current round, in the order the model asked for them, until they are answered. */
  toolCalls: ToolCallRecord[];
  /** Every settled call of the turn, rounds in order. */
  settledToolCalls: SettledToolCall[];
  usage: TokenUsage;
  content: string | null;
  stopReason: StopReason | undefined;
}

export interface LifecycleContext {
  model: string;
  toolbox: Toolbox;
  parallelToolCalls: boolean;
  maxSteps: number;
  requestParams: RequestParams;
  /** The whole wire history, exactly as it is sent. */
  messages: ChatCompletionMessageParam[];
  /** The user message being checked in `connecting`; appended to `messages` only if it passes. */
  incomingMessage: string | undefined;
  turn: TurnState;
  /** Token usage over the whole session. */
  usage: TokenUsage;
  lastError: TurnError | undefined;
  /** Which request failed, so `retry` resends exactly that one. */
  failedStage: RequestStage | undefined;
}

export type LifecycleEvent =
  | { type: 'user.message'; content: string }
  | { type: 'tool.settled'; toolCallId: string; outcome: ToolCallOutcome }
  | { type: 'retry' }
  | { type: 'cancel' };

export interface RequestCompletionInput {
  stage: RequestStage;
  request: ChatCompletionCreateParamsNonStreaming;
}
export type RequestCompletionOutput = ChatCompletion;

export interface ExecuteToolCallInput {
  call: PendingToolCall;
  toolbox: Toolbox;
}
