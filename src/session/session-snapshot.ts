import type { StateValue } from 'xstate';
import { LIFECYCLE_VERSION } from '../../machines/lifecycle-version.js';
import type { LifecycleContext } from '../../machines/lifecycle-types.js';
import { SessionSnapshotError } from '../conversation/errors.js';
import { isRecord } from '../conversation/json.js';

export const SNAPSHOT_FORMAT = 'toolcycle.session';
export const SNAPSHOT_FORMAT_VERSION = 1;

/**
 * A conversation as plain JSON, in any state: at rest, waiting for approval, or with a request or
 * tools in flight. `createSession({ snapshot })` restores it in any process.
 */
export interface SessionSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: number;
  /** The lifecycle machine's version: a snapshot of another one is refused. */
  machineVersion: number;
  sessionId: string;
  /** The machine's state, e.g. `"idle"` or `{ "executing": "parallel" }`. */
  state: StateValue;
  context: LifecycleContext;
}

/**
 * The context is never mutated (every update makes a new one), so a snapshot can share it; a
 * store serializes it once, when it writes it.
 */
export function sessionSnapshot(sessionId: string, state: StateValue, context: LifecycleContext): SessionSnapshot {
  return { format: SNAPSHOT_FORMAT, formatVersion: SNAPSHOT_FORMAT_VERSION, machineVersion: LIFECYCLE_VERSION, sessionId, state, context };
}

/** Checks that a value is a snapshot this version of toolcycle can restore; throws `SessionSnapshotError` if not. */
export function readSessionSnapshot(value: unknown, knowsState: (state: StateValue) => boolean): SessionSnapshot {
  if (!isRecord(value) || value['format'] !== SNAPSHOT_FORMAT) {
    throw new SessionSnapshotError('This is not a toolcycle session snapshot (its `format` is not "toolcycle.session").', 'not_a_snapshot');
  }
  if (value['formatVersion'] !== SNAPSHOT_FORMAT_VERSION || value['machineVersion'] !== LIFECYCLE_VERSION) {
    throw new SessionSnapshotError(
      `The snapshot was taken by another version of the lifecycle (format ${String(value['formatVersion'])}, machine ${String(value['machineVersion'])}); ` +
        `this one reads format ${SNAPSHOT_FORMAT_VERSION}, machine ${LIFECYCLE_VERSION}.`,
      'incompatible_version',
    );
  }
  const context = value['context'];
  if (typeof value['sessionId'] !== 'string' || !isRecord(context) || !Array.isArray(context['messages']) || !isRecord(context['turn'])) {
    throw new SessionSnapshotError('The snapshot is incomplete: it needs a sessionId and a context with messages and a turn.', 'not_a_snapshot');
  }
  const state = value['state'] as StateValue;
  if (!knowsState(state)) throw new SessionSnapshotError(`The snapshot's state ${JSON.stringify(state)} is not a state of the lifecycle.`, 'unknown_state');
  return value as unknown as SessionSnapshot;
}
