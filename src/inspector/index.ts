export { startInspector, type Inspector, type InspectorOptions } from './inspector-server.js';
export { createSessionRecorder, type RecorderOptions, type SessionRecorder } from './session-recorder.js';
export { toJsonSafe, type JsonValue, type JsonSafeLimits } from './json-safe.js';
export type { SessionInfo, SessionHistory, SessionStatus, TimelineEntry, TransitionEntry, ActorEntry } from './timeline-types.js';
export { describeMachine, type MachineGraph, type GraphState, type GraphTransition } from './diagram/machine-graph.js';
export { toMermaid } from './diagram/to-mermaid.js';
export { toDot } from './diagram/to-dot.js';
