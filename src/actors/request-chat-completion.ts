import type { LifecycleEvent, ModelRequestInput } from '../../machines/lifecycle-types.js';
import { buildChatRequest } from '../conversation/build-chat-request.js';
import { TurnCancelledError, turnErrorData } from '../conversation/errors.js';
import { readChatCompletion } from '../conversation/read-chat-completion.js';
import { apiRequestErrorFrom, unusableResponseError } from './api-request-error.js';
import { ChatStreamAccumulator } from './chat-stream-accumulator.js';
import type { CreateCall } from './model-client.js';
import { observeAttempts } from './observe-attempts.js';
import type { LifecycleRuntime } from './runtime.js';

export type ModelResultEvent = Extract<LifecycleEvent, { type: 'model.replied' | 'model.failed' }>;
export type ModelProgressEvent = Extract<LifecycleEvent, { type: 'model.streamed' | 'model.attempted' }>;

/**
 * The `decide` and `respond` stages' request over Chat Completions. Retries, backoff and timeouts
 * are the SDK's own (`maxRetries`, `timeout` on the client); this reports each retry, puts a stream
 * together, reads the answer defensively, and turns every failure into a typed error as data.
 * Resolves with the event the machine expects; never rejects.
 */
export async function requestChatCompletion(
  runtime: LifecycleRuntime,
  input: ModelRequestInput,
  options: { signal: AbortSignal; onProgress(event: ModelProgressEvent): void },
): Promise<ModelResultEvent> {
  const { requestId, stage } = input;
  const failed = (error: Parameters<typeof turnErrorData>[0]): ModelResultEvent => ({ type: 'model.failed', requestId, error: turnErrorData(error) });
  const observed = observeAttempts(runtime.client);
  const request = buildChatRequest(input.request, runtime.toolbox.definitions);
  const tracking = observed.track({
    started: ({ attempt, maxAttempts, previousStatus }) => {
      if (attempt > 1) options.onProgress({ type: 'model.streamed', requestId, event: { type: 'request.retry', attempt, maxAttempts, status: previousStatus } });
    },
    finished: runtime.reportAttempts
      ? ({ attempt, maxAttempts, status }) =>
          options.onProgress({ type: 'model.attempted', requestId, attempt, maxAttempts, status, request })
      : undefined,
  });
  const create = observed.client.chat.completions.create as unknown as CreateCall;
  try {
    await runtime.beforeRequest?.();
    if (options.signal.aborted) return failed(new TurnCancelledError());
    let response = await create.call(observed.client.chat.completions, request, { signal: options.signal, headers: tracking.headers });
    if (input.request.stream) {
      if (!isAsyncIterable(response)) return failed(unusableResponseError(stage, 'a stream was asked for but the response is not one'));
      const stream = new ChatStreamAccumulator();
      for await (const chunk of response) {
        for (const event of stream.add(chunk)) options.onProgress({ type: 'model.streamed', requestId, event });
      }
      // Nothing half-built enters the history: a stream without an end is a failed request.
      if (!stream.finished) return failed(unusableResponseError(stage, 'the stream ended before the model finished (no finish_reason)', 'stream_interrupted'));
      response = stream.completion();
    }
    const read = readChatCompletion(response);
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
