import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ArgumentIssue } from '../conversation/tool-call-error.js';
import type { ToolEffect } from '../conversation/tool-call-record.js';

export interface ToolExecutionContext {
  /** Aborted when the call times out or the turn is cancelled: pass it on to fetch() and friends. */
  signal: AbortSignal;
  toolCallId: string;
  /**
   * `conversation:turn:tool_call_id`: the same every time this call is run, also when it is run
   * again after a restart. Pass it to the service you call so it can drop a duplicate.
   */
  idempotencyKey: string;
}

/** Whether a call needs a person's approval before it runs; evaluated once per call, in `calling`. */
export type NeedsApproval<Args> = boolean | ApprovalCheck<Args>;

// Declared as a method so that a Tool<{ city: string }> is still a Tool (method parameters are
// bivariant); tools are only ever called with arguments their own schema accepted.
type ApprovalCheck<Args> = {
  check(args: Args, context: { toolCallId: string; messages: readonly ChatCompletionMessageParam[] }): boolean | Promise<boolean>;
}['check'];

export type ArgumentsCheck<Args> = { ok: true; args: Args } | { ok: false; issues: ArgumentIssue[] };

/** A tool ready to be registered: its wire definition, its argument checker and what it declares about itself. */
export interface Tool<Args = unknown, Result = unknown> {
  readonly name: string;
  readonly description: string;
  /** Abort the call after this long; undefined: the session's `toolTimeoutMs`; Infinity: never. */
  readonly timeoutMs: number | undefined;
  readonly effect: ToolEffect;
  readonly needsApproval: NeedsApproval<Args>;
  /** Longest `tool` message content, in characters; undefined: the session's `maxToolOutputChars`. */
  readonly maxOutputChars: number | undefined;
  /** Where calls go, when it is not this process (an MCP server); shown in the trace. */
  readonly origin: string | undefined;
  /** What the API receives in `tools`. */
  readonly definition: ChatCompletionFunctionTool;
  /** Validates already JSON-parsed arguments. */
  checkArguments(value: unknown): ArgumentsCheck<Args>;
  execute(args: Args, context: ToolExecutionContext): Result | Promise<Result>;
}
