export {
  startOfflineModel,
  type OfflineModelOptions,
  type OfflineModelServer,
  type RecordedRequest,
} from './server.js';
export { createDemoResponder } from './demo-model.js';
export type { Responder, ScriptedReply, ScriptedToolCall } from './scripted-reply.js';
