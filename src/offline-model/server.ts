import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { ApiError, sendApiError, sendJson } from './api-error.js';
import { buildCompletion, type CompletionIds } from './build-completion.js';
import { completionToChunks } from './completion-chunks.js';
import { createDemoResponder } from './demo-model.js';
import { IdSequence } from './id-sequence.js';
import { isRecord } from './json-value.js';
import { readBody } from './read-body.js';
import { createScriptedResponder } from './scripted-model.js';
import { isErrorReply, type Responder, type ScriptedReply } from './scripted-reply.js';
import { encodeSseData, SSE_DONE } from './sse.js';
import { validateChatRequest } from './validate-request.js';

export interface RecordedRequest {
  body: ChatCompletionCreateParams;
  receivedAt: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface OfflineModelOptions {
  /** Absent → demo mode. */
  script?: ScriptedReply[] | Responder;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Id reported by GET /v1/models; default 'toolcycle-offline'. */
  modelName?: string;
}

export interface OfflineModelServer {
  /** e.g. 'http://127.0.0.1:43121/v1' — pass straight to `new OpenAI({ baseURL })`. */
  baseURL: string;
  port: number;
  mode: 'demo' | 'scripted';
  /** Every POST /v1/chat/completions JSON body received, in order, including ones rejected with 400. */
  requests: RecordedRequest[];
  /** Closes the server and every open socket, so keep-alive clients cannot hold it open. */
  close(): Promise<void>;
}

const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
const MODELS_PATH = '/v1/models';

/** Starts the offline model on loopback and resolves once it is accepting connections. */
export async function startOfflineModel(options: OfflineModelOptions = {}): Promise<OfflineModelServer> {
  const host = options.host ?? '127.0.0.1';
  const modelName = options.modelName ?? 'toolcycle-offline';
  const script = options.script;
  const mode = script === undefined ? 'demo' : 'scripted';
  const responder: Responder =
    script === undefined ? createDemoResponder() : typeof script === 'function' ? script : createScriptedResponder(script);

  const requests: RecordedRequest[] = [];
  const ids: CompletionIds = { completion: new IdSequence('chatcmpl-offline'), toolCall: new IdSequence('call_offline') };
  const requestIds = new IdSequence('req_offline');
  const startedAt = Math.floor(Date.now() / 1000);
  let responderCalls = 0;

  const handleChatCompletion = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ApiError(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        { param: null, code: null },
      );
    }
    // Recorded before validation: tests need to see exactly what a rejected request contained.
    if (isRecord(parsed)) {
      requests.push({ body: parsed as unknown as ChatCompletionCreateParams, receivedAt: Date.now(), headers: { ...req.headers } });
    }
    const request = validateChatRequest(parsed);

    const controller = new AbortController();
    const abortIfUnfinished = (): void => {
      if (!res.writableEnded) controller.abort();
    };
    res.once('close', abortIfUnfinished);

    const index = responderCalls;
    responderCalls += 1;
    let reply: ScriptedReply;
    try {
      reply = await responder(request, { index, signal: controller.signal });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(500, `Offline model responder failed: ${error instanceof Error ? error.message : String(error)}`, {
        // A throwing responder is a bug in the test or demo; a retry would only repeat it.
        headers: { 'x-should-retry': 'false' },
      });
    }
    if (controller.signal.aborted || res.destroyed) return;

    if (isErrorReply(reply)) {
      const { status, message, type, code } = reply.error;
      throw new ApiError(status, message, { ...(type !== undefined ? { type } : {}), code: code ?? null });
    }

    const completion = buildCompletion(request, reply, ids);
    if (request.stream !== true) {
      sendJson(res, 200, completion);
      return;
    }
    const includeUsage = request.stream_options?.include_usage === true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    for (const chunk of completionToChunks(completion, includeUsage)) {
      if (!(await write(res, encodeSseData(chunk)))) return;
    }
    if (await write(res, SSE_DONE)) res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-request-id', requestIds.take());
    // A late write to a socket the client already closed must never take the server down.
    res.on('error', () => undefined);
    try {
      const path = new URL(req.url ?? '/', 'http://offline-model').pathname.replace(/\/+$/, '');
      if (req.method === 'POST' && path === CHAT_COMPLETIONS_PATH) {
        await handleChatCompletion(req, res);
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
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    baseURL: `http://${urlHost}:${port}/v1`,
    port,
    mode,
    requests,
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Resolves false once the client is gone, so the caller stops streaming instead of writing into a dead socket. */
async function write(res: ServerResponse, data: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(data)) return true;
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
