import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDurable } from '../../src/durable/index.js';
import { startThrowawayPostgres } from '../support/postgres-cluster.js';
import { postgresUrl } from '../support/postgres.js';
import { scriptedModel } from '../support/scripted-model.js';
import { restartPostgres } from './fixtures/restart-postgres.js';
import { readLog, release } from './fixtures/tool-log.js';
import { optionsFor, plannedModel, turnMessage } from './fixtures/turn-model.js';
import { waitFor } from './fixtures/wait-for.js';
import { removeWorkerBundle } from './fixtures/worker-bundle.js';
import { startWorker, stopWorkers, TEST_TIMINGS, type WorkerProcess } from './fixtures/worker-processes.js';

/**
 * PostgreSQL crashes and comes back in the middle of a turn, down for longer than a worker takes to
 * be declared dead: the turn completes once the database is back, nothing runs twice, and no worker
 * takes another's turns just because every heartbeat went stale during the outage.
 */

// Runs only where the shared test PostgreSQL could start; this test restarts a cluster of its own.
const postgres = postgresUrl();

describe.skipIf(postgres.skip !== undefined)(`a PostgreSQL restart${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  const workers: WorkerProcess[] = [];
  let stopCluster: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await stopWorkers(workers);
    await stopCluster?.();
    removeWorkerBundle();
  });

  it('is survived by the turn in flight, and no live worker is reaped', { timeout: 60_000 }, async () => {
    const cluster = await startThrowawayPostgres();
    if (!('url' in cluster)) throw new Error(`a second PostgreSQL did not start: ${cluster.unavailable}`);
    stopCluster = cluster.stop;
    const databaseUrl = cluster.url;
    const appName = `restart-${crypto.randomUUID().slice(0, 8)}`;
    const log = join(mkdtempSync(join(tmpdir(), 'toolcycle-durable-')), 'runs.jsonl');
    const { server } = await scriptedModel(plannedModel());
    const spec = { databaseUrl, baseURL: server.baseURL, log, appName, concurrency: 1 };
    workers.push(await startWorker({ ...spec, workerId: `${appName}-a` }), await startWorker({ ...spec, workerId: `${appName}-b` }));
    await Promise.all(workers.map((worker) => worker.ready));
    const client = await connectDurable({ databaseUrl, appName });
    try {
      const conversation = `restart${appName.slice(8)}`;
      const turn = await client.submit({
        conversationId: conversation,
        message: turnMessage([
          { name: 'lookup', text: 'hold:outage' },
          { name: 'charge', text: 'after' },
        ]),
        options: optionsFor(conversation),
      });
      const toolStarted = () => readLog(log).some((entry) => entry.event === 'tool' && entry.conversation === conversation);
      await waitFor(toolStarted, 'the tool to start');
      const owner = workers.find((worker) => worker.id === readLog(log)[0]!.worker)!;
      // Down for twice the time after which a silent worker is dead; the tool finishes meanwhile. The
      // turn's worker is also paused past the restart, so the other one sees the database again first,
      // with every heartbeat (its own too) stale.
      await restartPostgres(databaseUrl, 2 * TEST_TIMINGS.deadAfterMs, () => {
        release(log, 'outage');
        owner.process.kill('SIGSTOP');
      });
      await new Promise((resolve) => setTimeout(resolve, 2 * TEST_TIMINGS.heartbeatMs));
      owner.process.kill('SIGCONT');

      const result = await turn.result();
      expect(result).toMatchObject({ content: 'done: lookup:hold:outage | charge:after', stopReason: 'stop' });
      const entries = readLog(log).filter((entry) => entry.conversation === conversation);
      // One worker did it all: the step that ended during the outage was recorded when the database came back.
      expect(new Set(entries.map((entry) => entry.worker))).toEqual(new Set([owner.id]));
      expect(entries.filter((entry) => entry.event === 'tool' && entry.phase === 'start').map((entry) => entry.event === 'tool' && entry.tool)).toEqual(['lookup', 'charge']);
      expect(entries.filter((entry) => entry.event === 'step' && entry.replayed)).toEqual([]);

      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const { rows } = await db.query('SELECT worker_id, reaped_at FROM toolcycle_durable_workers ORDER BY worker_id');
      await db.end();
      expect(rows).toEqual(workers.map((worker) => ({ worker_id: worker.id, reaped_at: null })));
      // Both workers are still alive and well.
      expect(workers.map((worker) => worker.process.exitCode)).toEqual([null, null]);
    } finally {
      await client.close();
    }
  });
});
