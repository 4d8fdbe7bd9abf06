import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseCreateParams, ResponseInputItem } from 'openai/resources/responses/responses';
import { sendJson } from './api-error.js';
import { askResponder, sendRaw } from './ask-responder.js';
import { buildResponse, type ResponseIds, type WireResponse } from './build-response.js';
import { isRecord } from './json-value.js';
import type { ReasoningSeal } from './reasoning-seal.js';
import { readJsonBody } from './read-body.js';
import type { RecordedRequest } from './request-log.js';
import { failedEvent, responseToEvents } from './response-events.js';
import type { ResponseMemory } from './response-memory.js';
import { toChatView } from './responses-chat-view.js';
import { isRawReply, type Responder, type ScriptedStreamControls } from './scripted-reply.js';
import { sendEventStream } from './send-event-stream.js';
import { encodeSseEvent } from './sse.js';
import { validateConversation } from './validate-conversation.js';
import { validateResponseRequest } from './validate-response-request.js';

export interface ResponsesDeps {
  responder: Responder;
  nextResponderIndex(): number;
  record(entry: RecordedRequest<ResponseCreateParams>): void;
  ids: ResponseIds;
  memory: ResponseMemory;
  seal: ReasoningSeal;
}

/**
 * POST /v1/responses: parse, record, validate the request and the conversation it continues, ask
 * the responder (with the Chat Completions view of it), answer with a Response or its event
 * stream, and remember the response unless `store: false`.
 */
export function createResponsesHandler({ responder, nextResponderIndex, record, ids, memory, seal }: ResponsesDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = await readJsonBody(req);
    // Recorded before validation: tests need to see exactly what a rejected request contained.
    if (isRecord(parsed)) {
      record({ body: parsed as unknown as ResponseCreateParams, receivedAt: Date.now(), headers: { ...req.headers } });
    }
    const request = validateResponseRequest(parsed);
    const previous = request.previous_response_id ?? undefined;
    const remembered = previous === undefined ? [] : memory.contextOf(previous);
    const input = inputItems(request.input);
    const store = request.store !== false;
    validateConversation({ remembered, input, store }, memory, seal);

    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) controller.abort();
    });
    const items = [...remembered, ...input];
    const chatView = toChatView(request, items);
    const reply = await askResponder(responder, chatView, {
      index: nextResponderIndex(),
      signal: controller.signal,
      responses: { request, items },
    });
    if (controller.signal.aborted || res.destroyed) return;
    if (isRawReply(reply)) {
      sendRaw(res, reply.raw);
      return;
    }

    const response = buildResponse({ request, chatView, reply, ids, sealReasoning: (id) => seal.seal(id) });
    // Items are known as soon as they exist: a client may replay them even if this response never completes.
    memory.noteOutput(response.output);
    // Only a delivered response is stored; one the client never saw complete is gone, as at the API.
    const remember = (): void => {
      if (store) memory.remember(response.id, previous, input, response.output);
    };
    if (request.stream !== true) {
      remember();
      sendJson(res, 200, response);
      return;
    }
    await streamResponse(res, response, reply.stream ?? {}, remember);
  };
}

/** A string input is one user message; EasyInputMessage is how the API reads it. */
function inputItems(input: ResponseCreateParams['input']): ResponseInputItem[] {
  if (input === undefined || input === null) return [];
  return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}

async function streamResponse(
  res: ServerResponse,
  response: WireResponse,
  controls: ScriptedStreamControls,
  remember: () => void,
): Promise<void> {
  const { events, terminal } = responseToEvents(response, controls);
  const { errorEvent, failedEvent: failure } = controls;
  const fault = errorEvent
    ? {
        after: errorEvent.afterChunks ?? 1,
        frame: (position: number) => {
          const { message, type = 'server_error', param = null, code = null } = errorEvent;
          // Nested under `error`, as the API really sends it (openai-dotnet#881), which makes the SDK's stream throw.
          return encodeSseEvent('error', { type: 'error', sequence_number: position, error: { type, code, message, param } });
        },
      }
    : failure
      ? {
          after: failure.afterChunks ?? 1,
          frame: (position: number) =>
            encodeSseEvent(
              'response.failed',
              failedEvent(response, events, position, { code: failure.code ?? 'server_error', message: failure.message }),
            ),
        }
      : undefined;
  await sendEventStream(res, {
    frames: events.map((event) => encodeSseEvent(event.type, event)),
    closing: controls.omitDone ? undefined : encodeSseEvent(terminal.type, terminal),
    beforeClosing: remember,
    cutAfter: controls.cutAfterChunk,
    fault,
  });
}
