import { ApiRequestError } from '../conversation/errors.js';
import type { RequestStage } from '../conversation/stages.js';

/** The SDK error classes hang off the client's constructor (`OpenAI.APIError`…), in every copy of the SDK. */
type SdkErrorClasses = Partial<Record<'APIError' | 'APIConnectionError' | 'APIConnectionTimeoutError' | 'APIUserAbortError', unknown>>;

/**
 * The one way an SDK failure becomes an `ApiRequestError`. Classified by the error classes of the
 * caller's own client, with a structural fallback on the fields every SDK `APIError` sets, because
 * `instanceof` against toolcycle's copy of the SDK fails for a client from another copy (a second
 * version, or the same one loaded through `require`) and would lose the HTTP status.
 */
export function apiRequestErrorFrom(error: unknown, stage: RequestStage, client?: object): ApiRequestError {
  const classes = (client?.constructor ?? {}) as SdkErrorClasses;
  const kind = sdkErrorKind(error, classes);
  const fields = error as { status?: unknown; code?: unknown; type?: unknown; param?: unknown; requestID?: unknown; message?: unknown };
  const detail = typeof fields?.message === 'string' ? fields.message : String(error);
  const options = { cause: error };
  switch (kind) {
    case 'timeout':
      return new ApiRequestError(`The model API timed out while ${verb(stage)}: ${detail}`, { stage, code: 'timeout' }, options);
    case 'connection':
      return new ApiRequestError(`The model API could not be reached while ${verb(stage)}: ${detail}`, { stage, code: 'connection_error' }, options);
    case 'api':
      return new ApiRequestError(
        `The model API failed while ${verb(stage)}: ${detail}`,
        {
          stage,
          // No status: the API reported the failure inside a stream that had already begun with 200.
          status: typeof fields.status === 'number' ? fields.status : null,
          code: stringOrNull(fields.code),
          type: stringOrNull(fields.type),
          param: stringOrNull(fields.param),
          requestId: stringOrNull(fields.requestID),
        },
        options,
      );
    case 'other':
      return new ApiRequestError(`The model API request failed while ${verb(stage)}: ${detail}`, { stage, code: 'request_failed' }, options);
  }
}

/** An answer that came back 200 but cannot be used; retryable, since another try may well work. */
export function unusableResponseError(stage: RequestStage, problem: string, code = 'invalid_response'): ApiRequestError {
  return new ApiRequestError(`The model API answered while ${verb(stage)} with something unusable: ${problem}.`, { stage, code });
}

function sdkErrorKind(error: unknown, classes: SdkErrorClasses): 'timeout' | 'connection' | 'api' | 'other' {
  const is = (name: keyof SdkErrorClasses) => {
    const ctor = classes[name];
    if (typeof ctor === 'function' && error instanceof ctor) return true;
    return (error as { constructor?: { name?: unknown } })?.constructor?.name === name;
  };
  if (is('APIConnectionTimeoutError')) return 'timeout';
  if (is('APIConnectionError')) return 'connection';
  if (is('APIError')) return 'api';
  // Another copy of the SDK whose classes we cannot see: the fields every APIError sets.
  const looksLikeApiError = typeof error === 'object' && error !== null && 'headers' in error && typeof (error as { status?: unknown }).status === 'number';
  return looksLikeApiError ? 'api' : 'other';
}

function verb(stage: RequestStage): string {
  return stage === 'decide' ? 'deciding' : 'responding';
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
