import type { ServerResponse } from 'node:http';

/** The JSON body OpenAI sends with every non-2xx response; the SDK reads `error.message/type/param/code` from it. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface ApiErrorOptions {
  type?: string;
  param?: string | null;
  code?: string | null;
  /** Extra response headers, e.g. `x-should-retry: false` where a retry can only fail the same way. */
  headers?: Record<string, string>;
}

/**
 * Thrown anywhere in request handling to end the request with an OpenAI-shaped error;
 * keeping status and body together means no code path can answer one without the other.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = options.type ?? defaultErrorType(status);
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** Mirrors the API's convention so scripted errors look like real ones unless the script says otherwise. */
export function defaultErrorType(status: number): string {
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** Shorthand for the 400s the validator raises; every one of them names the offending parameter. */
export function invalidRequest(message: string, param: string | null, code: string | null = null): ApiError {
  return new ApiError(400, message, { type: 'invalid_request_error', param, code });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // The client may have gone away while a scripted reply was pending; writing then would throw.
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export function sendApiError(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, error.toBody(), { ...headers, ...error.headers });
}
