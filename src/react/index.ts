export { useSession, type SessionView } from './use-session.js';
export type { SessionStatus } from './session-status.js';
// For views that read `session.actor` (or an inspector's snapshots) themselves, as useSession does.
export { stageOf, stateName } from '../trace/state-name.js';
