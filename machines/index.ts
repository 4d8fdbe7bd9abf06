/**
 * `toolcycle/machine`: the pure lifecycle statechart, with placeholder actors, for `.provide()`,
 * drawing, model-based testing and stepping with XState's `transition()`.
 */
export { lifecycleMachine, defineLifecycleMachine, type LifecycleMachine } from './lifecycle.js';
export { STATES, LIFECYCLE_ID } from './lifecycle-states.js';
export { LIFECYCLE_VERSION } from './lifecycle-version.js';
export { DEFAULT_MAX_STEPS, DEFAULT_LOOP_LIMIT } from './turn-updates.js';
export type {
  LifecycleContext,
  LifecycleEvent,
  LifecycleEmitted,
  LifecycleInput,
  TurnState,
  ApprovalDecision,
  StreamedTurnEvent,
  ModelRequestInput,
  CheckToolCallsInput,
  ExecuteToolCallsInput,
  ExecutionMode,
} from './lifecycle-types.js';
