import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dbos from '@dbos-inc/dbos-sdk';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { afterAll, describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { connectDurable, turnWorkflowId } from '../../src/durable/index.js';
import type { TurnResult } from '../../src/index.js';
import { postgresUrl } from '../support/postgres.js';
import { scriptedModel } from '../support/scripted-model.js';
import { readLog, writePlan, type KillPlan, type LogEntry } from './fixtures/tool-log.js';
import { optionsFor, plannedModel, turnMessage, type PlannedCalls } from './fixtures/turn-model.js';
import { removeWorkerBundle } from './fixtures/worker-bundle.js';
import { startWorker, stopWorkers, type WorkerProcess } from './fixtures/worker-processes.js';

/**
 * Real worker processes killed with SIGKILL at every step boundary of a turn and inside running
 * tools: each turn is finished by another worker, its finished steps are not run again, a call that
 * must never run twice never does, and every request the strict offline model received was valid.
 */

const postgres = postgresUrl();

const SEQUENTIAL: PlannedCalls = [
  { name: 'charge', text: 'a' }, // write_once
  { name: 'lookup', text: 'b' }, // read_only
];
const SEQUENTIAL_STEPS = ['load', 'request:1', 'check:1:1', 'tool:call_0', 'tool:call_1', 'request:2', 'save'];
// `notify` declares nothing (unspecified) and runs alongside `lookup`; `charge` runs after them.
const PARALLEL: PlannedCalls = [
  { name: 'notify', text: 'n' },
  { name: 'lookup', text: 'b' },
  { name: 'charge', text: 'a' },
];
const PARALLEL_STEPS = ['load', 'request:1', 'check:1:1', 'tool:call_0', 'tool:call_1', 'tool:call_2', 'request:2', 'save'];

interface Scenario {
  name: string;
  calls: PlannedCalls;
  steps: string[];
  plan?: KillPlan;
  /** The test kills the worker while this request (1 or 2) is at the model. */
  inRequest?: number;
  /** The call that was running when its worker died and must not run again. */
  interrupted?: string;
}

const SCENARIOS: Scenario[] = [
  ...SEQUENTIAL_STEPS.map((step) => ({ name: `after ${step}`, calls: SEQUENTIAL, steps: SEQUENTIAL_STEPS, plan: { afterStep: step } })),
  { name: 'inside the write-once call', calls: SEQUENTIAL, steps: SEQUENTIAL_STEPS, plan: { inTool: 'call_0' }, interrupted: 'call_0' },
  { name: 'inside the read-only call', calls: SEQUENTIAL, steps: SEQUENTIAL_STEPS, plan: { inTool: 'call_1' } },
  { name: 'while the second request is in flight', calls: SEQUENTIAL, steps: SEQUENTIAL_STEPS, inRequest: 2 },
  { name: 'inside an undeclared call of a parallel round', calls: PARALLEL, steps: PARALLEL_STEPS, plan: { inTool: 'call_0' }, interrupted: 'call_0' },
];

const requestNumber = (request: ChatCompletionCreateParams) => (request.messages.at(-1)?.role === 'tool' ? 2 : 1);

describe.skipIf(postgres.skip !== undefined)(`durable turns survive SIGKILL${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  const workers = new Map<string, WorkerProcess>();
  let finished = false;
  afterAll(async () => {
    finished = true;
    await stopWorkers(workers.values());
    removeWorkerBundle();
  });

  it('at every step boundary and inside running tools', { timeout: 60_000 }, async () => {
    const databaseUrl = postgres.url!;
    const appName = `crash-${crypto.randomUUID().slice(0, 8)}`;
    const log = join(mkdtempSync(join(tmpdir(), 'toolcycle-durable-')), 'runs.jsonl');
    const runId = crypto.randomUUID().slice(0, 8);
    const conversations = SCENARIOS.map((_, index) => `crash${runId}s${index}`);
    writePlan(log, Object.fromEntries(SCENARIOS.flatMap((scenario, index) => (scenario.plan ? [[conversations[index]!, scenario.plan]] : []))));

    const status = await dbos.DBOSClient.create({ systemDatabaseUrl: databaseUrl, applicationName: appName });
    const testKills: LogEntry[] = [];
    const { server } = await scriptedModel(
      plannedModel(async (conversation, request) => {
        const index = conversations.indexOf(conversation);
        const scenario = SCENARIOS[index];
        if (scenario?.inRequest !== requestNumber(request) || testKills.some((kill) => kill.conversation === conversation)) return;
        const executor = (await status.getWorkflow(turnWorkflowId(conversation, 1)))?.executorId ?? '';
        const worker = workers.get(executor);
        testKills.push({ event: 'kill', conversation, where: `in request ${scenario.inRequest}`, worker: executor, pid: worker?.process.pid ?? 0, at: Date.now() });
        worker?.process.kill('SIGKILL');
      }),
    );

    // One turn at a time per worker, so a kill interrupts exactly the turn whose plan asked for it.
    let started = 0;
    const spawnFailures: unknown[] = [];
    const spawn = async () => {
      started += 1;
      const worker = await startWorker({ databaseUrl, workerId: `${appName}-w${started}`, baseURL: server.baseURL, log, appName, concurrency: 1 });
      workers.set(worker.id, worker);
      // A killed worker is replaced by a new one (a new id): the dead one's turns must be taken over, not recovered by itself.
      void worker.exited.then(() => {
        if (worker.process.signalCode === 'SIGKILL' && !finished) spawn().catch((error: unknown) => spawnFailures.push(error));
      });
      return worker.ready;
    };
    await Promise.all(Array.from({ length: 5 }, spawn));

    const client = await connectDurable({ databaseUrl, appName });
    try {
      // Four turns at a time on five workers: a live worker is always there to take a dead one's turn.
      const results: TurnResult[] = [];
      let next = 0;
      const lane = async () => {
        for (let index = next++; index < SCENARIOS.length; index = next++) {
          results[index] = await client.ask(conversations[index]!, turnMessage(SCENARIOS[index]!.calls), optionsFor(conversations[index]!));
        }
      };
      await Promise.all(Array.from({ length: 4 }, lane));
      const entries = readLog(log);
      const kills = [...entries.filter((entry) => entry.event === 'kill'), ...testKills];

      for (const [index, scenario] of SCENARIOS.entries()) {
        const conversation = conversations[index]!;
        const mine = entries.filter((entry) => entry.conversation === conversation);
        const steps = mine.filter((entry) => entry.event === 'step');
        const toolRuns = mine.filter((entry) => entry.event === 'tool');
        const kill = kills.find((entry) => entry.conversation === conversation);
        const why = `${scenario.name}: ${JSON.stringify(mine)}`;

        // The planned kill happened, and the turn was finished by another worker.
        expect(kill, why).toBeDefined();
        expect(steps.at(-1)!.worker, why).not.toBe(kill!.worker);
        // Every step ran to its record exactly once; a replay returned the record instead. A worker
        // killed inside one call of a parallel round can have recorded another call's step without
        // living to log it: then only its replay is logged.
        for (const step of scenario.steps) {
          const runs = steps.filter((entry) => entry.step === step && !entry.replayed);
          if (runs.length === 0 && scenario.calls === PARALLEL && step.startsWith('tool:')) continue;
          expect(runs, `${why}\n${step}`).toHaveLength(1);
        }
        expect(new Set(steps.map((entry) => entry.step)), why).toEqual(new Set(scenario.steps));

        // Each call ran once in the worker that recorded it (none ran an `interrupted` one); any other
        // run was cut short by a death before its record, and only a call that is safe to run twice ran again.
        for (const [position, call] of scenario.calls.entries()) {
          const id = `call_${position}`;
          const starts = toolRuns.filter((entry) => entry.id === id && entry.phase === 'start');
          // The run that recorded the call: its logged step, or (the case above) the killed worker that finished it.
          const logged = steps.find((entry) => entry.step === `tool:${id}` && !entry.replayed);
          const finishedByKilled = toolRuns.find((entry) => entry.id === id && entry.phase === 'end' && kills.some((kill) => kill.pid === entry.pid));
          const recorder = logged ?? finishedByKilled;
          expect(recorder, `${why}\n${id}`).toBeDefined();
          const byRecorder = starts.filter((entry) => entry.pid === recorder!.pid);
          const others = starts.filter((entry) => entry.pid !== recorder!.pid);
          expect(byRecorder, `${why}\n${id}`).toHaveLength(scenario.interrupted === id ? 0 : 1);
          const diedBeforeRecord = (pid: number) => kills.some((kill) => kill.pid === pid && kill.at <= recorder!.at);
          expect(others.every((entry) => diedBeforeRecord(entry.pid)), `${why}\n${id}`).toBe(true);
          if (call.name !== 'lookup') expect(starts.length, `${why}\n${id}`).toBeLessThanOrEqual(1);
          if (scenario.plan?.inTool === id) expect(others, `${why}\n${id}`).toHaveLength(1);
          expect(starts.every((entry) => entry.key === `${conversation}:1:${id}`), why).toBe(true);
        }

        // One answer, built from what the model was told about every call.
        const answers = scenario.calls.map((call, position) =>
          scenario.interrupted === `call_${position}` ? expect.stringContaining('"kind":"interrupted"') : `${call.name}:${call.text}`,
        );
        expect(results[index]!.content.replace(/^done: /, '').split(' | '), why).toEqual(answers);
        const stored = await client.conversation(conversation);
        expect(stored?.turns).toBe(1);
        expect(stored!.messages.filter((message) => message.role === 'assistant' && typeof message.content === 'string' && message.content.startsWith('done:'))).toHaveLength(1);

        // Requests: the one in flight at the kill was sent again; no other was.
        const requests = server.requests.filter((request) => String(request.body.messages[0]?.content) === `conversation ${conversation}`);
        expect(requests.filter((request) => requestNumber(request.body) === 1), why).toHaveLength(1);
        expect(requests.filter((request) => requestNumber(request.body) === 2), why).toHaveLength(scenario.inRequest === 2 ? 2 : 1);
      }
      expect(spawnFailures).toEqual([]);
      // Every request the strict server received was one the API accepts.
      expect(server.requests.length).toBeGreaterThan(0);
      for (const request of server.requests) expect(findConversationProblem(request.body.messages)).toBeUndefined();
    } finally {
      await client.close();
      await status.destroy();
    }
  });
});
