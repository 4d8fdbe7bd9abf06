export { defineTool, TOOL_NAME_PATTERN } from './tool-calls/define-tool.js';
export type { Tool, ToolSpec, ToolExecutionContext } from './tool-calls/define-tool.js';
export type { ToolCallError, ToolCallErrorKind, ArgumentIssue } from './tool-calls/tool-call-error.js';
export { createLifecycleMachine, type LifecycleOptions } from './create-lifecycle-machine.js';
export { createSession } from './session.js';
export type { Session, SessionOptions, TurnResult, ToolCallSummary, AskOptions } from './session.js';
export type { TokenUsage } from './conversation/usage.js';
export type { StopReason, LifecycleContext, LifecycleEvent, RequestParams } from '../machines/lifecycle-types.js';
export {
  ToolcycleError,
  ToolDefinitionError,
  InvalidTurnError,
  ApiRequestError,
  TurnCancelledError,
  type TurnError,
  type InvalidTurnReason,
  type RequestStage,
} from './errors.js';
