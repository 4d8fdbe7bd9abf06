/**
 * Errors a caller of toolcycle can catch. Each carries the data needed to act on it, and serializes
 * to plain JSON (`toJSON`) because errors also live in the machine's context, which inspectors and
 * the CLI's `--json` mode print.
 */
export class ToolcycleError extends Error {
  override name = 'ToolcycleError';

  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause: _cause, ...fields } = this;
    return { ...fields, name: this.name, message: this.message };
  }
}

/** A tool definition or tool set is malformed: thrown by `defineTool` / `createToolbox`, never at run time. */
export class ToolDefinitionError extends ToolcycleError {
  override name = 'ToolDefinitionError';
  constructor(
    message: string,
    readonly toolName: string | undefined,
  ) {
    super(message);
  }
}

export type InvalidTurnReason = 'empty_message' | 'missing_model' | 'invalid_options' | 'invalid_history' | 'nothing_to_retry';

/** The caller's turn cannot be sent: detected in `connecting`, before any request leaves the process. */
export class InvalidTurnError extends ToolcycleError {
  override name = 'InvalidTurnError';
  constructor(
    message: string,
    readonly reason: InvalidTurnReason,
  ) {
    super(message);
  }
}

export type RequestStage = 'deciding' | 'responding';

/**
 * The model API failed after the SDK's own retries (or answered with something unusable).
 * `status` is the HTTP status, absent for connection errors and timeouts.
 */
export class ApiRequestError extends ToolcycleError {
  override name = 'ApiRequestError';
  constructor(
    message: string,
    readonly stage: RequestStage,
    readonly status: number | undefined,
    readonly code: string | null | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The turn was cancelled (a `cancel` event or an aborted `signal`); the history was kept valid. */
export class TurnCancelledError extends ToolcycleError {
  override name = 'TurnCancelledError';
  constructor(message = 'The turn was cancelled.') {
    super(message);
  }
}

/** Every error the lifecycle machine can end a turn with. */
export type TurnError = InvalidTurnError | ApiRequestError | TurnCancelledError;
