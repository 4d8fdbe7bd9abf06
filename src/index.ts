export { defineTool, TOOL_NAME_PATTERN, type ToolSpec } from './tool-definition/define-tool.js';
export type { Tool, ToolExecutionContext, NeedsApproval, ArgumentsCheck } from './tool-definition/tool.js';
export type { ToolCollection } from './tool-definition/tool-collection.js';
export { ToolFailure, type ToolFailureKind } from './tool-definition/tool-failure.js';
export { createLifecycleMachine, type SessionMachine } from './session/create-lifecycle-machine.js';
export type { LifecycleOptions } from './session/lifecycle-options.js';
export { createSession, openSession } from './session/create-session.js';
export type { SessionSnapshot } from './session/session-snapshot.js';
export type { SessionStore, StoredSession } from './session/session-store.js';
export type { Session, SessionOptions, AskOptions, Decision } from './session/create-session.js';
export type { ModelClient } from './actors/model-client.js';
export type {
  TurnResult,
  TurnEvent,
  TurnEventType,
  ToolCallSummary,
  PendingApproval,
  StopReason,
} from './conversation/turn-result.js';
export type { ToolCallError, ToolCallErrorKind, ArgumentIssue } from './conversation/tool-call-error.js';
export type {
  ToolCallRecord,
  ToolCallBase,
  PendingToolCall,
  RunningToolCall,
  AwaitingApprovalToolCall,
  SettledToolCall,
  ToolCallOutcome,
  ToolEffect,
  ApprovalVerdict,
} from './conversation/tool-call-record.js';
export type { RequestedToolCall, ModelReply, FinishReason } from './conversation/model-reply.js';
export type { TokenUsage } from './conversation/usage.js';
export type { RequestParams } from './conversation/build-chat-request.js';
export type { JsonValue, JsonObject } from './conversation/json.js';
export { STAGES, type Stage, type RequestStage } from './conversation/stages.js';
export { stageOf, stateName } from './trace/state-name.js';
export type * from '../machines/lifecycle-types.js';
export {
  ToolcycleError,
  ToolDefinitionError,
  InvalidOptionsError,
  InvalidTurnError,
  ApiRequestError,
  TurnCancelledError,
  SessionSnapshotError,
  StoreConflictError,
  type SnapshotProblem,
  type TurnError,
  type TurnErrorData,
  type InvalidTurnReason,
  type ApiRequestErrorFields,
} from './conversation/errors.js';
