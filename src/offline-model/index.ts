export {
  startOfflineModel,
  type OfflineModelOptions,
  type OfflineModelServer,
  type RecordedRequest,
} from './server.js';
export { createDemoResponder } from './demo-model.js';
export type {
  Responder,
  ResponderMeta,
  ScriptedCompletionReply,
  ScriptedErrorReply,
  ScriptedRawReply,
  ScriptedReply,
  ScriptedStreamControls,
  ScriptedToolCall,
} from './scripted-reply.js';
