import { describe } from 'vitest';
import { createPostgresStore } from '../../src/stores/index.js';
import { postgresUrl } from '../support/postgres.js';
import { storeContract } from './store-contract.js';

const postgres = postgresUrl();

describe.skipIf(postgres.skip !== undefined)(`the PostgreSQL store${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  storeContract(() => createPostgresStore({ connectionString: postgres.url!, table: 'toolcycle_sessions_contract' }));
});
