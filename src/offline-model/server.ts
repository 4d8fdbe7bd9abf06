import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import { ApiError, sendApiError, sendJson } from './api-error.js';
import type { CompletionIds } from './build-completion.js';
import { handleCors } from './cors.js';
import { createDemoResponder } from './demo-model.js';
import { createChatCompletionHandler } from './handle-chat-completion.js';
import { createResponsesHandler } from './handle-responses.js';
import { IdSequence } from './id-sequence.js';
import { advertiseKeepAlive, configureKeepAlive } from './keep-alive.js';
import { ReasoningSeal } from './reasoning-seal.js';
import { createRequestLog, recordingLimit, type RecordedRequest } from './request-log.js';
import { ResponseMemory } from './response-memory.js';
import { createScriptedResponder } from './scripted-model.js';
import type { Responder, ScriptedReply } from './scripted-reply.js';

export type { RecordedRequest } from './request-log.js';

export interface OfflineModelOptions {
  /**
   * Absent → demo mode. One script serves both endpoints, POST /v1/chat/completions and POST
   * /v1/responses, in the order requests arrive; a Responder sees Responses requests as Chat
   * Completions ones (see Responder).
   */
  script?: ScriptedReply[] | Responder;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Id reported by GET /v1/models; default 'toolcycle-offline'. */
  modelName?: string;
  /**
   * Which request bodies `requests` keeps: `true` every one, a number only the most recent that
   * many, `false` (or 0) none. Default: `true` in scripted mode, where tests read them, and the
   * last 100 in demo mode, so a long-running demo does not grow without bound.
   */
  recordRequests?: boolean | number;
}

export interface OfflineModelServer {
  /** e.g. 'http://127.0.0.1:43121/v1' — pass straight to `new OpenAI({ baseURL })`. */
  baseURL: string;
  port: number;
  mode: 'demo' | 'scripted';
  /**
   * The POST /v1/chat/completions JSON bodies received, oldest first, including ones rejected with
   * 400; bounded by `recordRequests` (by default every one in scripted mode, the last 100 in demo mode).
   */
  requests: RecordedRequest[];
  /** The POST /v1/responses JSON bodies received, likewise (bounded by the same `recordRequests`). */
  responsesRequests: RecordedRequest<ResponseCreateParams>[];
  /** Closes the server and every open socket, so keep-alive clients cannot hold it open. */
  close(): Promise<void>;
}

const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
const RESPONSES_PATH = '/v1/responses';
const MODELS_PATH = '/v1/models';

/** Starts the offline model on loopback and resolves once it is accepting connections. */
export async function startOfflineModel(options: OfflineModelOptions = {}): Promise<OfflineModelServer> {
  const host = options.host ?? '127.0.0.1';
  const modelName = options.modelName ?? 'toolcycle-offline';
  const script = options.script;
  const mode = script === undefined ? 'demo' : 'scripted';
  const responder: Responder =
    script === undefined ? createDemoResponder() : typeof script === 'function' ? script : createScriptedResponder(script);

  const limit = recordingLimit(options.recordRequests, mode);
  const log = createRequestLog(limit);
  const responsesLog = createRequestLog<ResponseCreateParams>(limit);
  const callIds = new IdSequence('call_offline');
  const ids: CompletionIds = { completion: new IdSequence('chatcmpl-offline'), toolCall: callIds };
  let responderCalls = 0;
  const nextResponderIndex = (): number => responderCalls++;
  const handleChatCompletion = createChatCompletionHandler({ responder, nextResponderIndex, record: log.record, ids });
  const handleResponses = createResponsesHandler({
    responder,
    nextResponderIndex,
    record: responsesLog.record,
    ids: {
      response: new IdSequence('resp_offline'),
      message: new IdSequence('msg_offline'),
      functionCall: new IdSequence('fc_offline'),
      reasoning: new IdSequence('rs_offline'),
      call: callIds,
    },
    memory: new ResponseMemory(),
    seal: new ReasoningSeal(),
  });
  const requestIds = new IdSequence('req_offline');
  const startedAt = Math.floor(Date.now() / 1000);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-request-id', requestIds.take());
    advertiseKeepAlive(res);
    // A late write to a socket the client already closed must never take the server down.
    res.on('error', () => undefined);
    try {
      if (handleCors(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://offline-model').pathname.replace(/\/+$/, '');
      if (req.method === 'POST' && path === CHAT_COMPLETIONS_PATH) {
        await handleChatCompletion(req, res);
      } else if (req.method === 'POST' && path === RESPONSES_PATH) {
        await handleResponses(req, res);
      } else if (req.method === 'GET' && path === MODELS_PATH) {
        sendJson(res, 200, {
          object: 'list',
          data: [{ id: modelName, object: 'model', created: startedAt, owned_by: 'toolcycle' }],
        });
      } else {
        throw new ApiError(404, `Invalid URL (${req.method ?? 'GET'} ${req.url ?? '/'})`, { type: 'invalid_request_error' });
      }
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, `Offline model internal error: ${error instanceof Error ? error.message : String(error)}`);
      sendApiError(res, apiError);
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  configureKeepAlive(server);
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    baseURL: `http://${urlHost}:${port}/v1`,
    port,
    mode,
    requests: log.requests,
    responsesRequests: responsesLog.requests,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // server.close() alone waits for idle keep-alive sockets to time out; these end them now.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Resolves once the server listens; rejects with the error (EADDRINUSE…) if it cannot. */
async function listen(server: Server, port: number, host: string): Promise<void> {
  await once(server.listen(port, host), 'listening');
}
