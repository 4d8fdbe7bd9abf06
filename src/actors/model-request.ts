import type { LifecycleEvent, ModelRequestInput, StreamedTurnEvent } from '../../machines/lifecycle-types.js';
import { TurnCancelledError, turnErrorData } from '../conversation/errors.js';
import type { ReadReply } from '../conversation/model-reply.js';
import { apiRequestErrorFrom, unusableResponseError } from './api-request-error.js';
import type { CreateCall, ModelClient } from './model-client.js';
import { observeAttempts } from './observe-attempts.js';
import type { LifecycleRuntime } from './runtime.js';

export type ModelResultEvent = Extract<LifecycleEvent, { type: 'model.replied' | 'model.failed' }>;
export type ModelProgressEvent = Extract<LifecycleEvent, { type: 'model.streamed' | 'model.attempted' }>;

/** How one of OpenAI's APIs is spoken: the rest of a model request is the same for both. */
export interface WireAdapter {
  /** The request body for this point of the conversation. */
  build(input: ModelRequestInput, runtime: LifecycleRuntime): unknown;
  /** The SDK method that sends it, or why the client cannot. */
  endpoint(client: ModelClient): { create: CreateCall; owner: object } | { missing: string };
  /** Follows a stream: what each chunk added, and the whole response once it ended properly. */
  streamReader(): { add(chunk: unknown): StreamedTurnEvent[]; end(): { ok: true; response: unknown } | { ok: false; problem: string; code: string } };
  read(response: unknown): ReadReply;
}

/**
 * The `decide` and `respond` stages' request. Retries, backoff and timeouts are the SDK's own
 * (`maxRetries`, `timeout` on the client); this reports each retry, puts a stream together, reads the
 * answer defensively, and turns every failure into a typed error as data. Resolves with the event
 * the machine expects; never rejects.
 */
export async function requestModel(
  wire: WireAdapter,
  runtime: LifecycleRuntime,
  input: ModelRequestInput,
  options: { signal: AbortSignal; onProgress(event: ModelProgressEvent): void },
): Promise<ModelResultEvent> {
  const { requestId, stage } = input;
  const failed = (error: Parameters<typeof turnErrorData>[0]): ModelResultEvent => ({ type: 'model.failed', requestId, error: turnErrorData(error) });
  const observed = observeAttempts(runtime.client);
  const endpoint = wire.endpoint(observed.client);
  if ('missing' in endpoint) return failed(unusableResponseError(stage, endpoint.missing, 'unsupported_client'));
  const request = wire.build(input, runtime);
  const tracking = observed.track({
    started: ({ attempt, maxAttempts, previousStatus }) => {
      if (attempt > 1) options.onProgress({ type: 'model.streamed', requestId, event: { type: 'request.retry', attempt, maxAttempts, status: previousStatus } });
    },
    finished: runtime.reportAttempts
      ? ({ attempt, maxAttempts, status }) => options.onProgress({ type: 'model.attempted', requestId, attempt, maxAttempts, status, request })
      : undefined,
  });
  try {
    await runtime.beforeRequest?.();
    if (options.signal.aborted) return failed(new TurnCancelledError());
    let response = await endpoint.create.call(endpoint.owner, request, { signal: options.signal, headers: tracking.headers });
    if (input.request.stream) {
      if (!isAsyncIterable(response)) return failed(unusableResponseError(stage, 'a stream was asked for but the response is not one'));
      const reader = wire.streamReader();
      for await (const chunk of response) {
        for (const event of reader.add(chunk)) options.onProgress({ type: 'model.streamed', requestId, event });
      }
      // Nothing half-built enters the history: a stream without a proper end is a failed request.
      const ended = reader.end();
      if (!ended.ok) return failed(unusableResponseError(stage, ended.problem, ended.code));
      response = ended.response;
    }
    const read = wire.read(response);
    return read.ok ? { type: 'model.replied', requestId, reply: read.reply } : failed(unusableResponseError(stage, read.problem));
  } catch (error) {
    const failure = apiRequestErrorFrom(error, stage, runtime.client);
    const brokenStream = input.request.stream && failure.code === 'request_failed';
    return failed(brokenStream ? unusableResponseError(stage, `the stream broke off (${failure.message})`, 'stream_interrupted') : failure);
  } finally {
    tracking.stop();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}
