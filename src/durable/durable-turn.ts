import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { RequestParams } from '../conversation/build-chat-request.js';
import type { TurnErrorData } from '../conversation/errors.js';
import type { TurnResult } from '../conversation/turn-result.js';

/**
 * How a durable conversation runs its turns: plain JSON, because DBOS records it as the workflow's
 * input. Only data goes here; the client and the tools are the worker's own.
 */
export interface DurableTurnOptions {
  model: string;
  /** The system message that opens the conversation (first turn only). */
  instructions?: string;
  /** Earlier history to start from (first turn only, after `instructions`). */
  messages?: ChatCompletionMessageParam[];
  parallelToolCalls?: boolean;
  maxSteps?: number;
  loopLimit?: number;
  requestParams?: RequestParams;
  stream?: boolean;
}

/** The turn workflow's input. */
export interface DurableTurnInput {
  conversationId: string;
  /** 1 for the conversation's first turn; the conversation's stored version is `turn - 1` when it starts. */
  turn: number;
  message: string;
  options: DurableTurnOptions;
}

/** How a turn ended (or paused): what `ask` would have resolved with, or the error it would have thrown, as data. */
export type DurableTurnOutcome = { ok: true; result: TurnResult } | { ok: false; error: TurnErrorData };

/**
 * The latest point where the turn stopped, published as a DBOS event: waiting for approval (`final`
 * false), or done. `seq` counts the stops of the turn, so a waiter can tell a new one from one it saw.
 */
export interface TurnStop {
  seq: number;
  final: boolean;
  outcome: DurableTurnOutcome;
}

/** What a client sends a turn that waits for approval (`DBOS.send`). Checked by the worker: it may come from anywhere. */
export interface DecisionMessage {
  decisionId: string;
  decisions: unknown;
}

/** The worker's answer to a decision message, as the event `decisionEventOf(decisionId)`. */
export type DecisionVerdict = { accepted: true; stopSeq: number } | { accepted: false; error: TurnErrorData };
