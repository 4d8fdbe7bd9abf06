import type { ModelClient } from './model-client.js';

/** One HTTP attempt of a request, as the SDK's retry loop makes them. */
export interface Attempt {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

export interface AttemptListener {
  /** An attempt is about to go out; `previousStatus` is what the one before it got (null: no response). */
  started?(attempt: Attempt & { previousStatus: number | null }): void;
  /** An attempt got its response (`status`), or none (null). */
  finished?(attempt: Attempt & { status: number | null }): void;
}

const REQUEST_HEADER = 'x-toolcycle-request';
const RETRY_COUNT_HEADER = 'x-stainless-retry-count';

interface Tracked {
  listener: AttemptListener;
  lastStatus: number | null;
}

interface Observed {
  client: ModelClient;
  tracked: Map<string, Tracked>;
}

const observedClients = new WeakMap<object, Observed | null>();
let requestKeys = 0;

type Fetch = (url: unknown, init?: { headers?: unknown }) => Promise<{ status: number }>;
type WithOptions = (options: { fetch: Fetch }) => ModelClient;

/**
 * The SDK retries by itself and says nothing; toolcycle reports every retry (`request.retry`, the
 * CLI's "retrying (2/3) after HTTP 503") by wrapping the client's own `fetch`. The SDK numbers each
 * attempt in a header, and a per-request header says which of our requests it belongs to (removed
 * before anything leaves the process). One wrapped client per client, so sessions cost nothing extra.
 * A client without `withOptions`/`fetch` (not an SDK client) is used as it is, without retry reports.
 */
export function observeAttempts(client: ModelClient): { client: ModelClient; track(listener: AttemptListener): { headers: Record<string, string>; stop(): void } } {
  let observed = observedClients.get(client);
  if (observed === undefined) {
    observed = wrap(client);
    observedClients.set(client, observed);
  }
  if (observed === null) return { client, track: () => ({ headers: {}, stop: () => {} }) };
  const { tracked } = observed;
  return {
    client: observed.client,
    track(listener) {
      const key = String((requestKeys += 1));
      tracked.set(key, { listener, lastStatus: null });
      return { headers: { [REQUEST_HEADER]: key }, stop: () => tracked.delete(key) };
    },
  };
}

function wrap(client: ModelClient): Observed | null {
  const original = (client as { fetch?: unknown }).fetch;
  const withOptions = (client as { withOptions?: unknown }).withOptions;
  if (typeof original !== 'function' || typeof withOptions !== 'function') return null;
  const tracked = new Map<string, Tracked>();
  const maxAttempts = (client.maxRetries ?? 2) + 1;
  const fetch: Fetch = async (url, init) => {
    const key = takeHeader(init, REQUEST_HEADER);
    const request = key === undefined ? undefined : tracked.get(key);
    const attempt = Number(readHeader(init, RETRY_COUNT_HEADER) ?? 0) + 1;
    request?.listener.started?.({ attempt, maxAttempts, previousStatus: request.lastStatus });
    const finish = (status: number | null) => {
      if (!request) return;
      request.lastStatus = status;
      request.listener.finished?.({ attempt, maxAttempts, status });
    };
    try {
      const response = await (original as Fetch).call(undefined, url, init);
      finish(response.status);
      return response;
    } catch (error) {
      finish(null);
      throw error;
    }
  };
  return { client: (withOptions as WithOptions).call(client, { fetch }), tracked };
}

function readHeader(init: { headers?: unknown } | undefined, name: string): string | undefined {
  const headers = init?.headers;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function takeHeader(init: { headers?: unknown } | undefined, name: string): string | undefined {
  const value = readHeader(init, name);
  const headers = init?.headers;
  if (headers instanceof Headers) headers.delete(name);
  else if (headers && typeof headers === 'object') delete (headers as Record<string, unknown>)[name];
  return value;
}
