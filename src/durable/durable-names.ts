import { LIFECYCLE_VERSION } from '../../machines/lifecycle-version.js';

/**
 * The names workers and clients must agree on, defined once. Everything here ends up in the
 * database, so changing any of it strands workflows that are in flight.
 */

/** DBOS's application name: scopes the workflows, queues and versions of one deployment in the system database. */
export const DEFAULT_APP_NAME = 'toolcycle';
export const TURN_WORKFLOW_NAME = 'toolcycle.turn';
/** The turn queue's default name. DBOS requires queue names to be unique across the apps of a system database. */
export const queueNameOf = (appName: string) => `${appName}.turns`;

/**
 * The order and names of the steps a turn records. Bump it with any change to them: a workflow
 * recorded by one sequence cannot be replayed by another (DBOS checks every step's name).
 */
export const DURABLE_WORKFLOW_VERSION = 1;

/**
 * DBOS replays a workflow only in an executor of the same application version, so the version is
 * pinned to what decides the replay: the lifecycle machine and the turn workflow's step sequence.
 * The default (a hash of the source) would strand every in-flight turn at each deploy. The app name
 * is part of it because version names are global in a system database shared by several apps.
 */
export function applicationVersionOf(appName: string): string {
  return `${appName}@lifecycle-${LIFECYCLE_VERSION}.workflow-${DURABLE_WORKFLOW_VERSION}`;
}

/** One workflow per turn: submitting the same turn again finds the same workflow and its result. */
export function turnWorkflowId(conversationId: string, turn: number): string {
  return `${conversationId}:${turn}`;
}

/** The DBOS event that holds the turn's latest stop (waiting for approval, or done). */
export const STOP_EVENT = 'toolcycle.stop';
/** The DBOS event that answers the decision message with this id: accepted, or why not. */
export const decisionEventOf = (decisionId: string) => `toolcycle.decision:${decisionId}`;
/** The `DBOS.send` topic approval decisions go to. */
export const DECISION_TOPIC = 'toolcycle.decision';
/** PostgreSQL NOTIFY channel: a wake-up hint for clients waiting on a turn (payload: the workflow id). */
export const TURN_NOTICE_CHANNEL = 'toolcycle_turn_notice';
