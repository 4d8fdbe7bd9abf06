/**
 * Node's timers hold at most 2³¹−1 ms (about 24.8 days); a longer delay fires after 1 ms instead,
 * which would make every call "time out". `Infinity` means "no limit" and is honoured as such.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a timeout value is unusable, or undefined when it is fine. */
export function timeoutProblem(value: unknown): string | undefined {
  if (value === Infinity) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) return `must be a number of milliseconds, got ${String(value)}`;
  if (value <= 0) return `must be more than 0 ms (Infinity for no limit), got ${value}`;
  if (value > MAX_TIMER_MS) return `must be at most ${MAX_TIMER_MS} ms (about 24.8 days; Infinity for no limit), got ${value}`;
  return undefined;
}

/** Why a size limit is unusable: a whole number of characters, at least 1, or Infinity. */
export function sizeLimitProblem(value: unknown): string | undefined {
  if (value === Infinity) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return `must be a whole number of characters of at least 1 (or Infinity), got ${String(value)}`;
  return undefined;
}
