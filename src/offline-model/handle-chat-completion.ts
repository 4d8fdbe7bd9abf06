import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { sendJson } from './api-error.js';
import { askResponder, sendRaw } from './ask-responder.js';
import { buildCompletion, type CompletionIds } from './build-completion.js';
import { completionToChunks } from './completion-chunks.js';
import { isRecord } from './json-value.js';
import { readJsonBody } from './read-body.js';
import type { RecordedRequest } from './request-log.js';
import { isRawReply, type Responder } from './scripted-reply.js';
import { sendEventStream } from './send-event-stream.js';
import { encodeSseData, encodeSseEvent, SSE_DONE } from './sse.js';
import { validateChatRequest } from './validate-request.js';

export interface ChatCompletionDeps {
  responder: Responder;
  /** Numbers responder calls across both endpoints, which share one script. */
  nextResponderIndex(): number;
  record(entry: RecordedRequest): void;
  ids: CompletionIds;
}

/** POST /v1/chat/completions: parse, record, validate, ask the responder, answer as it says. */
export function createChatCompletionHandler({ responder, nextResponderIndex, record, ids }: ChatCompletionDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = await readJsonBody(req);
    // Recorded before validation: tests need to see exactly what a rejected request contained.
    if (isRecord(parsed)) {
      record({ body: parsed as unknown as ChatCompletionCreateParams, receivedAt: Date.now(), headers: { ...req.headers } });
    }
    const request = validateChatRequest(parsed);

    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) controller.abort();
    });

    const reply = await askResponder(responder, request, { index: nextResponderIndex(), signal: controller.signal });
    if (controller.signal.aborted || res.destroyed) return;
    if (isRawReply(reply)) {
      sendRaw(res, reply.raw);
      return;
    }
    const completion = buildCompletion(request, reply, ids);
    if (request.stream !== true) {
      sendJson(res, 200, completion);
      return;
    }
    const controls = reply.stream ?? {};
    const { errorEvent } = controls;
    const includeUsage = request.stream_options?.include_usage === true;
    await sendEventStream(res, {
      frames: completionToChunks(completion, includeUsage, controls).map(encodeSseData),
      closing: controls.omitDone ? undefined : SSE_DONE,
      cutAfter: controls.cutAfterChunk,
      fault: errorEvent && {
        after: errorEvent.afterChunks ?? 1,
        frame: () => {
          const { message, type = 'server_error', param = null, code = null } = errorEvent;
          return encodeSseEvent('error', { error: { message, type, param, code } });
        },
      },
    });
  };
}
