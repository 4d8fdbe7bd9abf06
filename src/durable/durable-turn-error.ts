import { ToolcycleError } from '../conversation/errors.js';

/**
 * The turn's workflow itself failed or was stopped, rather than the turn: DBOS recorded it as
 * `ERROR`, `CANCELLED` or `MAX_RECOVERY_ATTEMPTS_EXCEEDED` (say, a worker of another version tried to
 * replay it), or it does not exist. What the model or a tool did never ends up here: that is the
 * turn's own `TurnError`.
 */
export class DurableTurnError extends ToolcycleError {
  override name = 'DurableTurnError';
  constructor(
    message: string,
    readonly workflowId: string,
    /** DBOS's status of the workflow; null when there is none. */
    readonly status: string | null,
  ) {
    super(message);
  }
}
