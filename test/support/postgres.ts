import { inject } from 'vitest';

/**
 * The run's PostgreSQL URL. Without one, PostgreSQL tests skip with the reason, unless
 * `TOOLCYCLE_REQUIRE_POSTGRES=1` (CI sets it), in which case they fail: CI must never skip them.
 */
export function postgresUrl(): { url: string; skip?: undefined } | { url?: undefined; skip: string } {
  const provided = inject('postgres');
  if ('url' in provided) return { url: provided.url };
  if (process.env.TOOLCYCLE_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL is required here but could not be started: ${provided.unavailable}`);
  return { skip: provided.unavailable };
}
