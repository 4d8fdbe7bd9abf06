/**
 * Any `openai` client — 6.x or 7.x, from the caller's copy of the SDK or another — or anything
 * shaped like one. toolcycle uses only these members and checks every response it gets, so the type
 * is deliberately structural: a second copy's `OpenAI` class is not assignable to ours (its private
 * members make it nominal), and the two majors' request types differ in details toolcycle never sends.
 */
export interface ModelClient {
  chat: { completions: { create: (...args: never[]) => unknown } };
  responses?: { create: (...args: never[]) => unknown };
  /** The SDK's own retries; read to report `attempt n of m`. */
  maxRetries?: number;
}

/** How toolcycle calls `create`: the request body and the per-request options the SDK supports in every version. */
export type CreateCall = (
  body: unknown,
  options: { signal?: AbortSignal; headers?: Record<string, string> },
) => PromiseLike<unknown>;
