import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDurable } from '../../src/durable/index.js';
import { postgresUrl } from '../support/postgres.js';
import { scriptedModel } from '../support/scripted-model.js';
import { readLog } from './fixtures/tool-log.js';
import { optionsFor, plannedModel, turnMessage } from './fixtures/turn-model.js';
import { removeWorkerBundle } from './fixtures/worker-bundle.js';
import { startWorker, stopWorkers, type WorkerProcess } from './fixtures/worker-processes.js';

/** A turn waits for a person in one worker; the worker dies; the decision arrives later and another worker continues the turn. */

const postgres = postgresUrl();

describe.skipIf(postgres.skip !== undefined)(`approvals across workers${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  const workers: WorkerProcess[] = [];
  afterAll(async () => {
    await stopWorkers(workers);
    removeWorkerBundle();
  });

  it('a decision made after the asking worker died continues the turn on another', { timeout: 60_000 }, async () => {
    const databaseUrl = postgres.url!;
    const appName = `approve-${crypto.randomUUID().slice(0, 8)}`;
    const log = join(mkdtempSync(join(tmpdir(), 'toolcycle-durable-')), 'runs.jsonl');
    const { server } = await scriptedModel(plannedModel());
    const spec = { databaseUrl, baseURL: server.baseURL, log, appName };
    const asker = await startWorker({ ...spec, workerId: `${appName}-asker` });
    workers.push(asker);
    await asker.ready;
    const client = await connectDurable({ databaseUrl, appName });
    try {
      const conversation = `approve${appName.slice(8)}`;
      const turn = await client.submit({
        conversationId: conversation,
        message: turnMessage([
          { name: 'approve_me', text: 'pay' },
          { name: 'lookup', text: 'balance' },
        ]),
        options: optionsFor(conversation),
      });
      const waiting = await turn.result();
      expect(waiting).toMatchObject({ stopReason: 'approval_required', pendingApprovals: [{ id: 'call_0', name: 'approve_me' }] });

      const other = await startWorker({ ...spec, workerId: `${appName}-other` });
      workers.push(other);
      await other.ready;
      asker.process.kill('SIGKILL');
      await asker.exited;

      const done = await turn.decide({ call_0: { approve: true } });
      expect(done).toMatchObject({ content: 'done: approve_me:pay | lookup:balance', stopReason: 'stop' });
      const entries = readLog(log).filter((entry) => entry.conversation === conversation);
      // The call that needed no approval ran while the turn asked; the approved one ran once, after the decision, elsewhere.
      const starts = entries.flatMap((entry) => (entry.event === 'tool' && entry.phase === 'start' ? [[entry.tool, entry.worker]] : []));
      expect(starts).toEqual([
        ['lookup', asker.id],
        ['approve_me', other.id],
      ]);
      expect(entries.find((entry) => entry.event === 'step' && entry.step === 'decide:1:1')).toMatchObject({ worker: other.id, replayed: false });
      expect(server.requests).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});
