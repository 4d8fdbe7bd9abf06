import type { SnapshotFrom } from 'xstate';
import { STATES } from '../../machines/lifecycle-states.js';
import type { SessionMachine } from '../session/create-lifecycle-machine.js';

/**
 * Where the session stands, as a chat UI needs it:
 * - `idle`: ready for a message;
 * - `running`: a turn is in progress (a request, the checks or the tools);
 * - `awaiting_approval`: the turn waits for `decide`;
 * - `failed`: the last turn failed (`error` says why; `retry` resends an `ApiRequestError`'s request);
 * - `cancelled`: the last turn was cancelled;
 * - `interrupted`: restored from a snapshot taken mid-turn; nothing runs until `resume` or `cancel`;
 * - `stopped`: the session was stopped (the component unmounted).
 */
export type SessionStatus = 'idle' | 'running' | 'awaiting_approval' | 'failed' | 'cancelled' | 'interrupted' | 'stopped';

export function sessionStatus(snapshot: SnapshotFrom<SessionMachine>): SessionStatus {
  if (snapshot.status !== 'active') return 'stopped';
  if (snapshot.matches(STATES.idle)) return 'idle';
  if (snapshot.matches(STATES.awaitingApproval)) return 'awaiting_approval';
  if (snapshot.matches(STATES.failed)) return 'failed';
  if (snapshot.matches(STATES.cancelled)) return 'cancelled';
  // Every step of a running turn has its actor (the request, the checks, the tools); a snapshot
  // restored mid-turn has none until `resume` starts it again.
  return Object.keys(snapshot.children).length > 0 ? 'running' : 'interrupted';
}
