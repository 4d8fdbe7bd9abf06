import { InvalidTurnError, ToolcycleError } from '../conversation/errors.js';
import type { PendingApproval, TurnEvent, TurnResult } from '../conversation/turn-result.js';
import type { AskOptions, Session } from '../session/create-session.js';
import type { TransitionRecord } from '../trace/transition-trace.js';
import { settleApprovals } from './approval-prompt.js';
import type { ChatOutput } from './chat-output.js';
import type { ChatSession } from './chat-session.js';
import type { LineInput } from './line-input.js';
import { describeLocation } from './session-location.js';

/** How the last turn of the run ended; `main` turns it into the exit code. */
export type ChatEnd = 'answered' | 'unanswered' | 'no_turn';

/** What starts a turn: a question, /retry or a resume; or 'approvals' for a stored turn that waits for them. */
export type TurnStart = ((options: AskOptions) => Promise<TurnResult>) | 'approvals';

/**
 * Runs turns to their end, asking for approvals on the way, and keeps how the last one ended. A
 * turn that fails or is cancelled says so in the trace (`observe` sees it); what never reached the
 * machine ("Nothing to retry", a store that failed) is said here, once.
 */
export class ChatTurns {
  end: ChatEnd = 'no_turn';
  readonly #output: ChatOutput;
  readonly #interactive: boolean;
  #endTraced = false;
  #lastReported: unknown;

  constructor(output: ChatOutput, interactive: boolean) {
    this.#output = output;
    this.#interactive = interactive;
  }

  /** Every trace record passes here before it is printed. */
  observe(record: TransitionRecord): void {
    if (record.kind === 'answer') this.end = 'answered';
    if (record.kind === 'failed' || record.kind === 'cancelled' || record.kind === 'approval') this.end = 'unanswered';
    if (record.kind === 'failed' || record.kind === 'cancelled') this.#endTraced = true;
  }

  async run(chat: ChatSession, input: LineInput, start: TurnStart): Promise<void> {
    const { session } = chat;
    const controller = new AbortController();
    const options: AskOptions = { signal: controller.signal, onEvent: (event: TurnEvent) => this.#output.event(event) };
    input.onCtrlCWhileBusy = () => controller.abort();
    this.#endTraced = false;
    try {
      let pending: readonly PendingApproval[] = start === 'approvals' ? session.pendingApprovals : (await start(options)).pendingApprovals;
      while (pending.length > 0) {
        const approvalIo = { input, output: this.#output, interactive: this.#interactive };
        const outcome = await settleApprovals(pending, approvalIo, (decisions) => session.decide(decisions, options));
        if (outcome.kind === 'interrupted') return session.cancel();
        if (outcome.kind === 'ended') return this.#unanswered(pending, chat);
        pending = outcome.result.pendingApprovals;
      }
    } catch (error) {
      if (chat.location && !isRunning(session)) this.reportSaveFailure(error, chat);
      else if (!this.#endTraced) this.report(error);
    } finally {
      input.onCtrlCWhileBusy = () => {};
    }
  }

  /** An error no trace line told of; each is said once (the same one can come back from the final save). */
  report(error: unknown): void {
    if (error === this.#lastReported) return;
    this.#lastReported = error;
    if (error instanceof InvalidTurnError) this.#output.notice(error.reason, error.message);
    else if (error instanceof ToolcycleError) this.#output.notice(error.name, error.message);
    else this.#output.notice('error', `error: ${messageOf(error)}`);
  }

  /** A store that fails stops the session, which would lose steps otherwise. */
  reportSaveFailure(error: unknown, chat: ChatSession): void {
    this.end = 'unanswered';
    if (error === this.#lastReported || !chat.location) return;
    this.#lastReported = error;
    this.#output.notice('session_not_saved', `The session could not be saved in ${describeLocation(chat.location)}, so it stopped: ${messageOf(error)}`);
  }

  #unanswered(pending: readonly PendingApproval[], chat: ChatSession): void {
    const names = pending.map((call) => call.name).join(', ');
    const kept = chat.location ? ' (the stored session still waits for approval)' : '';
    this.#output.notice('approval_unanswered', `The input ended before an answer: ${names} did not run${kept}.`);
  }
}

export function isRunning(session: Session): boolean {
  return session.actor.getSnapshot().status === 'active';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
