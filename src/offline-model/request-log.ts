import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';

/** One request body as received; `Body` is its API's request type (Chat Completions unless said otherwise). */
export interface RecordedRequest<Body = ChatCompletionCreateParams> {
  body: Body;
  receivedAt: number;
  headers: Record<string, string | string[] | undefined>;
}

/** How many recent requests demo mode keeps: enough to debug a session, bounded for a long-running CLI. */
export const DEMO_RECORDING_LIMIT = 100;

/**
 * The `requests` array plus the only way entries get into it, keeping at most `limit` (the most
 * recent). The array itself is handed out, so tests can read it or empty it with `length = 0`.
 */
export function createRequestLog<Body = ChatCompletionCreateParams>(limit: number): {
  requests: RecordedRequest<Body>[];
  record(entry: RecordedRequest<Body>): void;
} {
  const requests: RecordedRequest<Body>[] = [];
  return {
    requests,
    record(entry) {
      if (limit === 0) return;
      requests.push(entry);
      if (requests.length > limit) requests.splice(0, requests.length - limit);
    },
  };
}

/** Turns the `recordRequests` option into a limit; a bad value is a programming error, reported at start. */
export function recordingLimit(option: boolean | number | undefined, mode: 'demo' | 'scripted'): number {
  if (option === undefined) return mode === 'scripted' ? Infinity : DEMO_RECORDING_LIMIT;
  if (typeof option === 'boolean') return option ? Infinity : 0;
  if (!Number.isInteger(option) || option < 0) {
    throw new RangeError(`recordRequests must be true, false or a whole number >= 0, got ${option}.`);
  }
  return option;
}
