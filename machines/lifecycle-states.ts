/**
 * The lifecycle's state names, defined once: the machine and every runner refer to states through
 * these, and every view (CLI trace, inspector, diagrams, errors) names stages through `meta.stage`,
 * so renaming a state is a change to one line here.
 */
export const STATES = {
  idle: 'idle',
  connecting: 'connecting',
  deciding: 'deciding',
  calling: 'calling',
  checking: 'checking',
  planning: 'planning',
  executing: 'executing',
  single: 'single',
  parallel: 'parallel',
  sequential: 'sequential',
  awaitingApproval: 'awaitingApproval',
  responding: 'responding',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;

/** The machine's id: `#lifecycle.<state>` targets and the root of every state path. */
export const LIFECYCLE_ID = 'lifecycle';
