import type { ModelRequestInput } from '../../machines/lifecycle-types.js';
import { buildResponsesRequest } from '../conversation/build-responses-request.js';
import { TurnCancelledError, turnErrorData } from '../conversation/errors.js';
import { readResponse } from '../conversation/read-response.js';
import { apiRequestErrorFrom, unusableResponseError } from './api-request-error.js';
import type { CreateCall } from './model-client.js';
import { observeAttempts } from './observe-attempts.js';
import type { ModelProgressEvent, ModelResultEvent } from './request-chat-completion.js';
import { ResponsesStreamAccumulator } from './responses-stream-accumulator.js';
import type { LifecycleRuntime } from './runtime.js';

/**
 * The `decide` and `respond` stages' request over the Responses API: the same input and the same
 * events as `requestChatCompletion`, so the machine cannot tell the two apart. Never rejects.
 */
export async function requestResponse(
  runtime: LifecycleRuntime,
  input: ModelRequestInput,
  options: { signal: AbortSignal; onProgress(event: ModelProgressEvent): void },
): Promise<ModelResultEvent> {
  const { requestId, stage } = input;
  const failed = (error: Parameters<typeof turnErrorData>[0]): ModelResultEvent => ({ type: 'model.failed', requestId, error: turnErrorData(error) });
  const responses = runtime.client.responses;
  if (!responses) return failed(unusableResponseError(stage, 'the client has no `responses` API (an openai SDK older than 4.87?)', 'unsupported_client'));
  const observed = observeAttempts(runtime.client);
  const request = buildResponsesRequest(input.request, runtime.toolbox.definitions, input.continuation, runtime.serverState === true);
  const tracking = observed.track({
    started: ({ attempt, maxAttempts, previousStatus }) => {
      if (attempt > 1) options.onProgress({ type: 'model.streamed', requestId, event: { type: 'request.retry', attempt, maxAttempts, status: previousStatus } });
    },
    finished: runtime.reportAttempts
      ? ({ attempt, maxAttempts, status }) => options.onProgress({ type: 'model.attempted', requestId, attempt, maxAttempts, status, request })
      : undefined,
  });
  const create = (observed.client.responses ?? responses).create as unknown as CreateCall;
  try {
    await runtime.beforeRequest?.();
    if (options.signal.aborted) return failed(new TurnCancelledError());
    let response = await create.call(observed.client.responses ?? responses, request, { signal: options.signal, headers: tracking.headers });
    if (input.request.stream) {
      if (!isAsyncIterable(response)) return failed(unusableResponseError(stage, 'a stream was asked for but the response is not one'));
      const stream = new ResponsesStreamAccumulator();
      for await (const event of response) {
        for (const streamed of stream.add(event)) options.onProgress({ type: 'model.streamed', requestId, event: streamed });
      }
      if (stream.failed !== undefined) return failed(unusableResponseError(stage, `the response failed: ${stream.failed}`, 'response_failed'));
      if (stream.response === undefined) return failed(unusableResponseError(stage, 'the stream ended before the response completed', 'stream_interrupted'));
      response = stream.response;
    }
    const read = readResponse(response);
    return read.ok ? { type: 'model.replied', requestId, reply: read.reply } : failed(unusableResponseError(stage, read.problem));
  } catch (error) {
    const failure = apiRequestErrorFrom(error, stage, runtime.client);
    return failed(input.request.stream && failure.code === 'request_failed' ? unusableResponseError(stage, `the stream broke off (${failure.message})`, 'stream_interrupted') : failure);
  } finally {
    tracking.stop();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}
