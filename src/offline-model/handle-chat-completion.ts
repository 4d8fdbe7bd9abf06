import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { ApiError, sendJson } from './api-error.js';
import { buildCompletion, type CompletionIds } from './build-completion.js';
import { completionToChunks } from './completion-chunks.js';
import { isRecord } from './json-value.js';
import { readBody } from './read-body.js';
import type { RecordedRequest } from './request-log.js';
import { isErrorReply, isRawReply, type Responder, type ScriptedRawReply, type ScriptedReply } from './scripted-reply.js';
import { sendEventStream } from './send-event-stream.js';
import { validateChatRequest } from './validate-request.js';

export interface ChatCompletionDeps {
  responder: Responder;
  record(entry: RecordedRequest): void;
  ids: CompletionIds;
}

/** POST /v1/chat/completions: parse, record, validate, ask the responder, answer as it says. */
export function createChatCompletionHandler({ responder, record, ids }: ChatCompletionDeps) {
  let responderCalls = 0;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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
      record({ body: parsed as unknown as ChatCompletionCreateParams, receivedAt: Date.now(), headers: { ...req.headers } });
    }
    const request = validateChatRequest(parsed);

    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) controller.abort();
    });

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
    if (isRawReply(reply)) {
      sendRaw(res, reply.raw);
      return;
    }
    const completion = buildCompletion(request, reply, ids);
    if (request.stream !== true) {
      sendJson(res, 200, completion);
      return;
    }
    const includeUsage = request.stream_options?.include_usage === true;
    await sendEventStream(res, completionToChunks(completion, includeUsage, reply.stream), reply.stream);
  };
}

function sendRaw(res: ServerResponse, { status = 200, headers = {}, body }: ScriptedRawReply['raw']): void {
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  res.writeHead(status, hasContentType ? headers : { 'content-type': 'application/json', ...headers });
  res.end(body);
}
