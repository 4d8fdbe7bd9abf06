import fc from 'fast-check';
import OpenAI from 'openai';
import { closeOpenToolCalls } from '../../src/conversation/close-open-tool-calls.js';
import { describe, expect, it } from 'vitest';
import {
  ApiRequestError,
  createSession,
  ToolcycleError,
  TurnCancelledError,
  type Session,
  type SessionOptions,
  type TurnResult,
} from '../../src/index.js';
import { startOfflineModel } from '../../src/offline-model/index.js';
import { createToolbox } from '../../src/tool-definition/toolbox.js';
import { createToolHarness, GENEROUS_TOOL_TIMEOUT_MS, nextTick } from '../support/model-based-tools.js';
import { WIRE_MODES, wireOptions } from '../support/wire-modes.js';
import { historyProblem, requestViolations, snapshotViolations, type InvariantEnv } from './invariants.js';
import { valueKey, type LifecycleSnapshot } from './lifecycle-events.js';
import {
  decisionsFor,
  EARLIER_HISTORY,
  expectedTurn,
  FIRST_QUESTION,
  NEXT_ANSWER,
  NEXT_QUESTION,
  scenarios,
  scriptedReply,
  toolBehaviour,
  type Scenario,
} from './random-model.js';

const MODEL = 'random-model';
/** Far above any scenario's run time: a turn that takes longer hangs. */
const HANG_LIMIT_MS = 5_000;

function settlesInTime<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} neither resolved nor rejected within ${HANG_LIMIT_MS} ms`)), HANG_LIMIT_MS);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

/**
 * One random turn, its approvals and retries, then one more turn; throws (with the state trace)
 * when the lifecycle breaks a rule.
 */
async function runScenario(scenario: Scenario): Promise<void> {
  const violations = new Set<string>();
  const report = (found: readonly string[]) => found.forEach((violation) => violations.add(violation));
  const trace: string[] = [];
  const harness = createToolHarness((id) => toolBehaviour(scenario, id));
  const mode = WIRE_MODES.find((candidate) => candidate.name === scenario.wire)!;
  const env: InvariantEnv = {
    wire: mode,
    toolbox: createToolbox(harness.tools),
    model: MODEL,
    parallelToolCalls: scenario.parallel,
    stream: scenario.stream,
  };

  let current: Session | undefined;
  let firstTurnRequests = 0;
  const server = await startOfflineModel({
    script: (request, { responses }) => {
      if (current) report(requestViolations(request, current.actor.getSnapshot(), env, responses));
      const lastUser = request.messages.findLast((message) => message.role === 'user');
      if (lastUser?.content === NEXT_QUESTION) return { content: NEXT_ANSWER };
      firstTurnRequests += 1;
      return scriptedReply(scenario, firstTurnRequests - 1);
    },
  });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test-key', maxRetries: 0 });

  // The interruption fires once, after the given number of snapshots taken while the random turn is running.
  let randomTurn = true;
  let pending = false;
  let snapshotsWhilePending = 0;
  let controller = new AbortController();
  let interrupted = false;
  let stopped = false;
  const interrupt = () => {
    const { interruption } = scenario;
    if (!interruption || interrupted || !current) return;
    if (++snapshotsWhilePending !== interruption.afterSnapshots) return;
    interrupted = true;
    const session = current;
    // Not from inside the actor's own notification: as a caller would, a moment later.
    queueMicrotask(() => {
      if (interruption.action === 'stop') {
        stopped = true;
        session.stop();
      } else if (interruption.action === 'resume') session.actor.send({ type: 'resume' });
      else if (pending) controller.abort();
      else session.actor.send({ type: 'cancel' });
    });
  };

  let previous: LifecycleSnapshot | undefined;
  const sessionOptions: SessionOptions = {
    client,
    ...wireOptions(mode),
    model: MODEL,
    tools: harness.tools,
    parallelToolCalls: scenario.parallel,
    stream: scenario.stream,
    maxSteps: scenario.maxSteps,
    loopLimit: scenario.loopLimit,
    messages: EARLIER_HISTORY,
    toolTimeoutMs: GENEROUS_TOOL_TIMEOUT_MS,
    inspect: (event) => {
      if (event.type !== '@xstate.snapshot' || event.actorRef.sessionId !== event.rootId) return;
      const snapshot = event.snapshot as LifecycleSnapshot;
      report(snapshotViolations(snapshot, previous, env));
      previous = snapshot;
      trace.push(valueKey(snapshot.value));
      if (pending && randomTurn) interrupt();
    },
  };

  /** Every call of the session API must resolve or reject with a toolcycle error, never hang or throw something else. */
  const call = async (start: () => Promise<TurnResult>, what: string): Promise<TurnResult | ToolcycleError> => {
    controller = new AbortController();
    pending = true;
    try {
      return await settlesInTime(start(), what);
    } catch (error) {
      if (!(error instanceof ToolcycleError)) throw error;
      return error;
    } finally {
      pending = false;
    }
  };
  const expectValidHistory = async (session: Session, after: string) => {
    // Waiting for approval, the round's answers are still to come; the rest must be valid.
    const waiting = session.pendingApprovals.length > 0;
    const history = waiting ? closeOpenToolCalls(session.messages) : session.messages;
    expect(historyProblem(history), `${after}: session.messages is not a history the API accepts`).toBeUndefined();
    await nextTick();
    expect(harness.running.ids(), `${after}: tools still running`).toEqual([]);
  };

  try {
    const session = createSession(sessionOptions);
    current = session;
    let outcome = await call(() => session.ask(FIRST_QUESTION, { signal: controller.signal }), 'ask');
    let decided = 0;
    let retries = 0;
    for (;;) {
      await expectValidHistory(session, `after ${trace.at(-1)}`);
      if (outcome instanceof ApiRequestError && scenario.afterFailure === 'retry' && retries < 3) {
        retries += 1;
        outcome = await call(() => session.retry({ signal: controller.signal }), 'retry');
      } else if (!(outcome instanceof ToolcycleError) && outcome.stopReason === 'approval_required') {
        const decisions = decisionsFor(scenario, outcome.pendingApprovals, decided);
        decided += outcome.pendingApprovals.length;
        outcome = await call(() => session.decide(decisions, { signal: controller.signal }), 'decide');
      } else break;
    }

    randomTurn = false;
    if (!interrupted) {
      const { context } = session.actor.getSnapshot();
      const expected = expectedTurn(scenario);
      const observed = {
        state: valueKey(session.actor.getSnapshot().value),
        requests: firstTurnRequests,
        steps: context.turn.steps,
        stopReason: context.turn.stopReason,
        calls: context.turn.settledToolCalls.map((settled) => [settled.id, settled.status === 'succeeded' ? 'ok' : settled.error.kind]),
        // Exactly one answer per call, in call order, whatever order the tools finished in.
        answers: context.messages.slice(EARLIER_HISTORY.length).flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : [])),
        historyIntact: context.messages.slice(0, EARLIER_HISTORY.length),
        oneToolAtATime: scenario.parallel || harness.peakRunning <= 1,
      };
      expect(observed, `states: ${trace.join(' → ')}`).toEqual({
        ...expected,
        answers: expected.calls.map(([id]) => id),
        historyIntact: EARLIER_HISTORY,
        oneToolAtATime: true,
      });
    }

    // The next turn works: on the same session, or, once it was stopped, on one continuing its history.
    if (stopped) {
      expect(await call(() => session.ask(NEXT_QUESTION), 'ask after stop')).toBeInstanceOf(TurnCancelledError);
      const next = createSession({ ...sessionOptions, messages: session.messages });
      current = next;
      previous = undefined;
      const answer = await call(() => next.ask(NEXT_QUESTION), 'ask on a new session');
      expect(answer, `states: ${trace.join(' → ')}`).toMatchObject({ content: NEXT_ANSWER });
      next.stop();
    } else {
      const answer = await call(() => session.ask(NEXT_QUESTION), 'next ask');
      expect(answer, `states: ${trace.join(' → ')}`).toMatchObject({ content: NEXT_ANSWER, stopReason: 'stop' });
      await expectValidHistory(session, 'after the next turn');
      session.stop();
    }
    expect(harness.ranTwice(), 'write-once calls that ran twice').toEqual([]);
    expect([...violations], `broken invariants; states: ${trace.join(' → ')}`).toEqual([]);
  } finally {
    current?.stop();
    await server.close();
  }
  await nextTick();
  expect(harness.running.ids(), 'tools still running after the session stopped').toEqual([]);
}

describe('random model behaviour (fast-check)', () => {
  it('every turn resolves or rejects with a toolcycle error, keeps every invariant and a valid history, and the next turn works', async () => {
    const kinds = ['valid', 'invalid_json', 'repeat', 'unknown_tool', 'valid', 'malformed', 'repeat', 'valid'] as const;
    const everyKindOfCall = kinds.map((kind, index) => ({
      call: kind,
      tool: (['lookup', 'save', 'send', 'legacy_action', 'publish'] as const)[index % 5]!,
      fate: (['succeeds', 'throws', 'times out', 'returns a BigInt', 'loses its connection'] as const)[index % 5]!,
      delayMs: 8 - index,
    }));
    const widest = {
      replies: [everyKindOfCall, everyKindOfCall, everyKindOfCall],
      decisions: ['approve' as const, 'edit' as const],
      interruption: undefined,
    };
    await fc.assert(fc.asyncProperty(scenarios, runScenario), {
      numRuns: 200,
      seed: 20260101,
      // The widest rounds, always tried over every API: eight calls of every kind, with parallel on and off, streamed and not.
      examples: WIRE_MODES.flatMap(({ name: wire }): [Scenario][] => [
        [{ ...widest, wire, parallel: true, stream: false, maxSteps: 2, loopLimit: 3, failingRequest: undefined, afterFailure: 'retry' }],
        [{ ...widest, wire, parallel: false, stream: true, maxSteps: 3, loopLimit: 0, failingRequest: 1, afterFailure: 'retry' }],
      ]),
    });
  }, 120_000);
});
