import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import { createSession, type Session, type SessionOptions } from '../../src/index.js';
import type { Responder, ScriptedReply } from '../../src/offline-model/index.js';
import { createScriptedResponder } from '../../src/offline-model/scripted-model.js';
import { scriptedModel } from './scripted-model.js';

/**
 * The three ways a session talks to the model: Chat Completions; the Responses API replaying the
 * conversation (`store: false`, reasoning items sent back); the Responses API with the
 * conversation kept on the server (`previous_response_id`, only new items sent). The lifecycle
 * promises the same behaviour in each, so suites run their cases through all of them with
 * `describe.each(WIRE_MODES)('…($name)', (mode) => …)`.
 */
export interface WireMode {
  name: string;
  api: 'chat' | 'responses';
  serverState: boolean;
}

export const CHAT_MODE: WireMode = { name: 'chat', api: 'chat', serverState: false };
export const RESPONSES_MODES: readonly WireMode[] = [
  { name: 'responses', api: 'responses', serverState: false },
  { name: 'responses with server state', api: 'responses', serverState: true },
];
export const WIRE_MODES: readonly WireMode[] = [CHAT_MODE, ...RESPONSES_MODES];

/** The session options that pick the mode. */
export function wireOptions(mode: WireMode): Pick<SessionOptions, 'api' | 'serverState'> {
  return mode.api === 'chat' ? { api: 'chat' } : { api: 'responses', serverState: mode.serverState };
}

export type WireSessionOptions = Omit<SessionOptions, 'client' | 'api' | 'serverState'>;

/**
 * `scriptedModel` for a mode: the same script (or responder) answers whichever endpoint the mode
 * uses, and `newSession(options)` creates a session on it in that mode.
 *
 * `bodies()` is what the model was asked, as Chat Completions requests in every mode, so one
 * assertion on `messages`, `tool_choice` or `tools` covers all three: for Chat Completions the
 * bodies as sent (rejected ones too), for the Responses API the Chat Completions view the offline
 * model gives its responder of each request it accepted, the remembered context of
 * `previous_response_id` included (there, the assistant messages are the server's own output
 * items, not toolcycle's copy of them). A Responses request the server rejected has no such view,
 * so `bodies()` throws rather than quietly leave it out. `wireBodies()` are the bodies as sent.
 */
export async function wireModel(mode: WireMode, script: ScriptedReply[] | Responder, clientOptions: { maxRetries?: number } = {}) {
  const answer = typeof script === 'function' ? script : createScriptedResponder(script);
  const asked: ChatCompletionCreateParams[] = [];
  const model = await scriptedModel((request, meta) => {
    if (meta.responses) asked.push(request);
    return answer(request, meta);
  }, clientOptions);
  const { server, client } = model;
  const wireBodies = (): (ChatCompletionCreateParams | ResponseCreateParams)[] =>
    (mode.api === 'chat' ? server.requests : server.responsesRequests).map((request) => request.body);
  const bodies = (): ChatCompletionCreateParams[] => {
    const strays = mode.api === 'chat' ? server.responsesRequests.length : server.requests.length;
    if (strays > 0) throw new Error(`${strays} request(s) went to the other API's endpoint: the session is not in mode "${mode.name}"`);
    if (mode.api === 'chat') return model.bodies();
    const rejected = server.responsesRequests.length - asked.length;
    if (rejected > 0) throw new Error(`the offline model rejected ${rejected} Responses request(s); the last one sent: ${JSON.stringify(server.responsesRequests.at(-1)!.body)}`);
    return asked;
  };
  const newSession = (options: WireSessionOptions): Session => createSession({ ...options, client, ...wireOptions(mode) });
  return { server, client, bodies, wireBodies, newSession };
}
