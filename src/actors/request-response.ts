import { buildResponsesRequest } from '../conversation/build-responses-request.js';
import { readResponse } from '../conversation/read-response.js';
import type { CreateCall } from './model-client.js';
import type { WireAdapter } from './model-request.js';
import { ResponsesStreamAccumulator } from './responses-stream-accumulator.js';

/** The Responses API (`client.responses.create`): the same lifecycle events from another wire format. */
export const responsesWire: WireAdapter = {
  build: (input, runtime) => buildResponsesRequest(input.request, runtime.toolbox.definitions, input.continuation, runtime.serverState === true),
  endpoint: (client) => {
    const responses = client.responses;
    if (!responses) return { missing: 'the client has no `responses` API (an openai SDK before 4.87?)' };
    const create = responses.create as unknown as CreateCall;
    return { create: (body, options) => (isStreamed(body) ? create.call(responses, body, options) : rawBody(create.call(responses, body, options))), owner: responses };
  },
  streamReader() {
    const stream = new ResponsesStreamAccumulator();
    return {
      add: (event) => stream.add(event),
      end: () => {
        if (stream.failed !== undefined) return { ok: false, problem: `the response failed: ${stream.failed}`, code: 'response_failed' };
        if (stream.response === undefined) return { ok: false, problem: 'the stream ended before the response completed', code: 'stream_interrupted' };
        return { ok: true, response: stream.response };
      },
    };
  },
  read: readResponse,
};

function isStreamed(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
}

/**
 * The body as the server sent it. The SDK's `responses.create` walks `output` to add `output_text`
 * before it returns, and a body without a proper `output` makes it throw a TypeError, which would
 * pass for a failed request; readResponse says what is wrong with it instead. Errors (non-2xx) are
 * still the SDK's, retried and classified as usual: `asResponse` resolves only for a success.
 */
async function rawBody(sent: PromiseLike<unknown>): Promise<unknown> {
  const asResponse = (sent as { asResponse?: () => Promise<Response> }).asResponse;
  if (typeof asResponse !== 'function') return sent;
  const response = await asResponse.call(sent);
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
