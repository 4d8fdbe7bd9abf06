import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Starts one throwaway PostgreSQL for the store and durable-worker tests (see test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
