import { STATES } from '../../machines/lifecycle-states.js';
import { stateName } from '../trace/state-name.js';
import type { ChatOutput } from './chat-output.js';
import type { ChatSession } from './chat-session.js';
import type { TurnStart } from './chat-turns.js';
import { describeLocation } from './session-location.js';

/**
 * Says which session `--session` opened. A stored one may have stopped mid-turn (a crash, a kill),
 * at an approval, or after a failure: that is said too, and the first two are continued.
 */
export async function continueStoredTurn(chat: ChatSession, output: ChatOutput, interactive: boolean, run: (start: TurnStart) => Promise<void>): Promise<void> {
  const { session, location } = chat;
  if (!location) return;
  const where = describeLocation(location);
  const questions = session.messages.filter((message) => message.role === 'user').length;
  if (questions === 0) return output.notice('session_new', `Session "${location.sessionId}" is new; it is saved in ${where}.`);
  output.notice('session_resumed', `Continuing session "${location.sessionId}" from ${where} (${questions} earlier question${questions === 1 ? '' : 's'}).`);

  const snapshot = session.actor.getSnapshot();
  if (snapshot.matches(STATES.awaitingApproval)) {
    output.notice('session_awaiting_approval', 'Its last turn waits for your approval.');
    await run('approvals');
  } else if (snapshot.matches(STATES.failed)) {
    const error = snapshot.context.lastError;
    const hint = interactive && error?.name === 'ApiRequestError' ? ' (/retry resends it)' : '';
    output.notice('session_failed', `Its last turn failed: ${error?.message ?? 'unknown error'}${hint}`);
  } else if (!snapshot.matches(STATES.idle) && !snapshot.matches(STATES.cancelled)) {
    output.notice('session_interrupted', `Its last turn was interrupted mid-turn (in ${stateName(snapshot.value)}); resuming it.`);
    await run((options) => session.resume(options));
  }
}
