import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dbos from '@dbos-inc/dbos-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDurable, turnWorkflowId } from '../../src/durable/index.js';
import { postgresUrl } from '../support/postgres.js';
import { scriptedModel } from '../support/scripted-model.js';
import { readLog, release } from './fixtures/tool-log.js';
import { optionsFor, plannedModel, turnMessage } from './fixtures/turn-model.js';
import { waitFor } from './fixtures/wait-for.js';
import { removeWorkerBundle } from './fixtures/worker-bundle.js';
import { startWorker, stopWorkers, type WorkerProcess } from './fixtures/worker-processes.js';

/** Three worker processes on one queue: turns are spread over them, never more at once than the queue allows. */

const postgres = postgresUrl();

describe.skipIf(postgres.skip !== undefined)(`the turn queue${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  const workers: WorkerProcess[] = [];
  afterAll(async () => {
    await stopWorkers(workers);
    removeWorkerBundle();
  });

  it('spreads turns over three workers within the per-worker and global limits', { timeout: 60_000 }, async () => {
    const databaseUrl = postgres.url!;
    const appName = `queue-${crypto.randomUUID().slice(0, 8)}`;
    const log = join(mkdtempSync(join(tmpdir(), 'toolcycle-durable-')), 'runs.jsonl');
    const { server } = await scriptedModel(plannedModel());
    // Two turns at once per worker, four across the three.
    for (const index of [1, 2, 3]) {
      workers.push(await startWorker({ databaseUrl, workerId: `${appName}-w${index}`, baseURL: server.baseURL, log, appName, concurrency: 2, globalConcurrency: 4 }));
    }
    await Promise.all(workers.map((worker) => worker.ready));
    const client = await connectDurable({ databaseUrl, appName });
    const system = await dbos.DBOSClient.create({ systemDatabaseUrl: databaseUrl, applicationName: appName });
    try {
      const conversations = Array.from({ length: 8 }, (_, index) => `queue${appName.slice(6)}n${index}`);
      // Every turn's tool holds until the gate opens, so the running turns stay running while we look.
      const turns = await Promise.all(
        conversations.map((conversation) => client.submit({ conversationId: conversation, message: turnMessage([{ name: 'lookup', text: 'hold:gate' }]), options: optionsFor(conversation) })),
      );
      const running = () => system.listWorkflows({ status: 'PENDING', workflow_id_prefix: conversations.map((conversation) => `${conversation}:`) });
      await waitFor(() => readLog(log).filter((entry) => entry.event === 'tool').length >= 4, 'four turns to reach their tool');
      // Saturated: for as long as we look (many polling intervals), four run and the others wait.
      for (let look = 0; look < 15; look += 1) {
        const pending = await running();
        expect(pending).toHaveLength(4);
        const perWorker = new Map<string, number>();
        for (const workflow of pending) perWorker.set(workflow.executorId ?? '', (perWorker.get(workflow.executorId ?? '') ?? 0) + 1);
        expect([...perWorker.values()].every((count) => count <= 2)).toBe(true);
        expect(perWorker.size).toBeGreaterThanOrEqual(2);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(readLog(log).filter((entry) => entry.event === 'tool')).toHaveLength(4);
      expect(await system.listWorkflows({ status: 'ENQUEUED', workflow_id_prefix: conversations.map((conversation) => `${conversation}:`) })).toHaveLength(4);

      release(log, 'gate');
      const results = await Promise.all(turns.map((turn) => turn.result()));
      expect(results.map((result) => result.content)).toEqual(conversations.map(() => 'done: lookup:hold:gate'));
      const executors = await Promise.all(conversations.map(async (conversation) => (await system.getWorkflow(turnWorkflowId(conversation, 1)))?.executorId));
      expect(new Set(executors).size).toBeGreaterThanOrEqual(2);
      expect(executors.every((executor) => workers.some((worker) => worker.id === executor))).toBe(true);
    } finally {
      await system.destroy();
      await client.close();
    }
  });

  it('lets one live process hold a worker id, and stops one whose id was taken while it was silent', { timeout: 60_000 }, async () => {
    const spec = { databaseUrl: postgres.url!, baseURL: 'http://127.0.0.1:9/v1', log: join(mkdtempSync(join(tmpdir(), 'toolcycle-durable-')), 'runs.jsonl') };
    const appName = `ids-${crypto.randomUUID().slice(0, 8)}`;
    const holder = await startWorker({ ...spec, appName, workerId: `${appName}-same` });
    workers.push(holder);
    await holder.ready;
    const twin = await startWorker({ ...spec, appName, workerId: holder.id });
    workers.push(twin);
    expect(await twin.exited).toBe(1);
    expect(twin.output()).toContain('is held by a live process');

    // Frozen past the point where it counts as dead, its id is taken; woken up, it finds out and stops.
    holder.process.kill('SIGSTOP');
    const successor = await startWorker({ ...spec, appName, workerId: holder.id });
    workers.push(successor);
    await successor.ready;
    holder.process.kill('SIGCONT');
    expect(await holder.exited).toBe(1);
    expect(holder.output()).toContain('another process took its id');
    expect(successor.process.exitCode).toBeNull();
  });
});
