import { buildResponsesRequest } from '../conversation/build-responses-request.js';
import { readResponse } from '../conversation/read-response.js';
import type { CreateCall } from './model-client.js';
import type { WireAdapter } from './model-request.js';
import { ResponsesStreamAccumulator } from './responses-stream-accumulator.js';

/** The Responses API (`client.responses.create`): the same lifecycle events from another wire format. */
export const responsesWire: WireAdapter = {
  build: (input, runtime) => buildResponsesRequest(input.request, runtime.toolbox.definitions, input.continuation, runtime.serverState === true),
  endpoint: (client) =>
    client.responses
      ? { create: client.responses.create as unknown as CreateCall, owner: client.responses }
      : { missing: 'the client has no `responses` API (an openai SDK before 4.87?)' },
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
