import type { RequestStage } from './stages.js';

/**
 * Errors a caller of toolcycle can catch. Each carries the data needed to act on it. Inside the
 * machine an error is stored as plain data (`TurnErrorData`), so a snapshot can leave the process;
 * `turnErrorFromData` rebuilds the same class at the API boundary.
 */
export class ToolcycleError extends Error {
  override name = 'ToolcycleError';

  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...fields } = this;
    return { ...fields, name: this.name, message: this.message };
  }
}

/** A tool definition or tool set is malformed: thrown by `defineTool` / `createSession`, never mid-conversation. */
export class ToolDefinitionError extends ToolcycleError {
  override name = 'ToolDefinitionError';
  constructor(
    message: string,
    readonly toolName: string | undefined,
  ) {
    super(message);
  }
}

/** A session option has a value toolcycle cannot run with (thrown by `createSession`, before anything starts). */
export class InvalidOptionsError extends ToolcycleError {
  override name = 'InvalidOptionsError';
  constructor(
    message: string,
    readonly option: string,
  ) {
    super(message);
  }
}

export type InvalidTurnReason =
  | 'empty_message'
  | 'missing_model'
  | 'invalid_options'
  | 'invalid_history'
  | 'nothing_to_retry'
  | 'nothing_to_decide'
  | 'nothing_to_resume'
  | 'turn_in_progress'
  | 'invalid_decision'
  | 'reentrant_call';

/** The caller's turn cannot be sent: detected before any request leaves the process. */
export class InvalidTurnError extends ToolcycleError {
  override name = 'InvalidTurnError';
  constructor(
    message: string,
    readonly reason: InvalidTurnReason,
  ) {
    super(message);
  }
}

export interface ApiRequestErrorFields {
  stage: RequestStage;
  /** The HTTP status; null for connection errors, timeouts and unusable 200 responses. */
  status: number | null;
  /** OpenAI's error `code`, or toolcycle's own (`connection_error`, `timeout`, `invalid_response`, `stream_interrupted`). */
  code: string | null;
  /** OpenAI's error `type`, e.g. `invalid_request_error`. */
  type: string | null;
  /** The request parameter OpenAI blamed, e.g. `messages[2].content`. */
  param: string | null;
  /** The `x-request-id` of the failed response, for support tickets. */
  requestId: string | null;
}

/**
 * The model API failed after the SDK's own retries, or answered with something unusable.
 * `session.retry()` sends the same request again.
 */
export class ApiRequestError extends ToolcycleError implements ApiRequestErrorFields {
  override name = 'ApiRequestError';
  readonly stage: RequestStage;
  readonly status: number | null;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  readonly requestId: string | null;

  constructor(message: string, fields: Partial<ApiRequestErrorFields> & { stage: RequestStage }, options?: { cause?: unknown }) {
    super(message, options);
    this.stage = fields.stage;
    this.status = fields.status ?? null;
    this.code = fields.code ?? null;
    this.type = fields.type ?? null;
    this.param = fields.param ?? null;
    this.requestId = fields.requestId ?? null;
  }
}

/**
 * The turn was cancelled (an aborted `signal`, a `cancel` event, or the session stopped); the history
 * was kept valid. `partialContent` is the answer text streamed before the cancel ('' when none).
 */
export class TurnCancelledError extends ToolcycleError {
  override name = 'TurnCancelledError';
  constructor(
    message = 'The turn was cancelled.',
    readonly partialContent = '',
  ) {
    super(message);
  }
}

/** Every error a turn can end with. */
export type TurnError = InvalidTurnError | ApiRequestError | TurnCancelledError;

/** A `TurnError` as the machine stores it: plain JSON, no class, no stack. */
export type TurnErrorData =
  | { name: 'InvalidTurnError'; message: string; reason: InvalidTurnReason }
  | ({ name: 'ApiRequestError'; message: string } & ApiRequestErrorFields)
  | { name: 'TurnCancelledError'; message: string; partialContent: string };

export function turnErrorData(error: TurnError): TurnErrorData {
  if (error instanceof ApiRequestError) {
    const { stage, status, code, type, param, requestId } = error;
    return { name: 'ApiRequestError', message: error.message, stage, status, code, type, param, requestId };
  }
  if (error instanceof InvalidTurnError) return { name: 'InvalidTurnError', message: error.message, reason: error.reason };
  return { name: 'TurnCancelledError', message: error.message, partialContent: error.partialContent };
}

export function turnErrorFromData(data: TurnErrorData): TurnError {
  switch (data.name) {
    case 'InvalidTurnError':
      return new InvalidTurnError(data.message, data.reason);
    case 'ApiRequestError':
      return new ApiRequestError(data.message, data);
    case 'TurnCancelledError':
      return new TurnCancelledError(data.message, data.partialContent);
  }
}

export type SnapshotProblem = 'not_a_snapshot' | 'incompatible_version' | 'unknown_state';

/** A snapshot that cannot be restored: not one of toolcycle's, or from an incompatible machine. Never misread. */
export class SessionSnapshotError extends ToolcycleError {
  override name = 'SessionSnapshotError';
  constructor(
    message: string,
    readonly problem: SnapshotProblem,
  ) {
    super(message);
  }
}

/** A session store refused a save because someone else saved the same session in between (optimistic concurrency). */
export class StoreConflictError extends ToolcycleError {
  override name = 'StoreConflictError';
  constructor(
    message: string,
    readonly sessionId: string,
    readonly expectedVersion: number,
  ) {
    super(message);
  }
}
