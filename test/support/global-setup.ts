import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL for the tests, or why there is none. */
    postgres: { url: string } | { unavailable: string };
  }
}

/**
 * One PostgreSQL for the whole run: `TOOLCYCLE_TEST_DATABASE_URL` if set, else a throwaway cluster
 * started here (and stopped after the run).
 */
export default async function setup(project: TestProject) {
  const given = process.env.TOOLCYCLE_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgres', { url: given });
    return undefined;
  }
  const started = await startThrowawayPostgres();
  project.provide('postgres', 'url' in started ? { url: started.url } : started);
  return 'stop' in started ? () => started.stop() : undefined;
}
