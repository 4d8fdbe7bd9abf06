import fc from 'fast-check';
import OpenAI from 'openai';
import { createActor, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createLifecycleMachine } from '../../src/index.js';
import { startOfflineModel } from '../../src/offline-model/index.js';
import { createToolbox } from '../../src/tool-calls/toolbox.js';
import { GENEROUS_TOOL_TIMEOUT_MS, createToolHarness, nextTick } from '../support/model-based-tools.js';
import { historyProblem, requestViolations, snapshotViolations, toolViolations, type InvariantEnv } from './invariants.js';
import { valueKey, type LifecycleSnapshot } from './lifecycle-events.js';
import { EARLIER_HISTORY, expectedTurn, scenarios, scriptedReply, toolBehaviour, type Scenario } from './random-model.js';

const MODEL = 'random-model';

/** One turn against a random model; throws (with the state trace) when the lifecycle breaks a rule. */
async function runScenario(scenario: Scenario): Promise<void> {
  const violations: string[] = [];
  const trace: string[] = [];
  const harness = createToolHarness((id) => toolBehaviour(scenario, id));
  const env: InvariantEnv = {
    toolbox: createToolbox(harness.tools),
    model: MODEL,
    maxSteps: scenario.maxSteps,
    parallelToolCalls: scenario.parallel,
    initialMessages: EARLIER_HISTORY,
  };
  let current: () => LifecycleSnapshot = () => {
    throw new Error('a request arrived before the actor started');
  };
  const server = await startOfflineModel({
    script: (request, { index }) => {
      violations.push(...requestViolations(request, current(), env));
      return scriptedReply(scenario, index);
    },
  });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test-key', maxRetries: 0 });
  const machine = createLifecycleMachine({
    client,
    model: MODEL,
    tools: harness.tools,
    parallelToolCalls: scenario.parallel,
    maxSteps: scenario.maxSteps,
    messages: EARLIER_HISTORY,
    toolTimeoutMs: GENEROUS_TOOL_TIMEOUT_MS,
  });
  let previous: LifecycleSnapshot | undefined;
  const actor = createActor(machine, {
    inspect: (event) => {
      if (event.type !== '@xstate.snapshot' || event.actorRef.sessionId !== event.rootId) return;
      const snapshot = event.snapshot as LifecycleSnapshot;
      violations.push(...snapshotViolations(snapshot, previous, env));
      previous = snapshot;
      trace.push(valueKey(snapshot.value));
    },
  });
  current = () => actor.getSnapshot();

  try {
    actor.start();
    actor.send({ type: 'user.message', content: 'Go.' });
    const end = await waitFor(actor, (snapshot) => snapshot.matches('idle') || snapshot.matches('failed'), { timeout: 5_000 });
    await nextTick();
    violations.push(...toolViolations(harness, actor.getSnapshot()));

    const { context } = end;
    const expected = expectedTurn(scenario);
    const newMessages = context.messages.slice(EARLIER_HISTORY.length);
    const observed = {
      state: valueKey(end.value),
      requests: server.requests.length,
      steps: context.turn.steps,
      stopReason: context.turn.stopReason,
      calls: context.turn.settledToolCalls.map((call) => [call.id, call.status === 'succeeded' ? 'ok' : call.error.kind]),
      // Exactly one answer per call, in call order, whatever order the tools finished in.
      answers: newMessages.flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : [])),
      peakRunning: harness.peakRunning,
      historyIntact: context.messages.slice(0, EARLIER_HISTORY.length),
      historyProblem: historyProblem(context.messages),
      // A copy: stopping the actor below records one more snapshot, after the assertion has its values.
      violations: [...violations],
    };
    expect(observed, `states: ${trace.join(' → ')}`).toEqual({
      ...expected,
      answers: expected.calls.map(([id]) => id),
      historyIntact: EARLIER_HISTORY,
      historyProblem: undefined,
      violations: [],
    });
  } finally {
    actor.stop();
    await server.close();
  }
  await nextTick();
  expect([...harness.running], 'tools still running after the turn').toEqual([]);
}

describe('random model behaviour (fast-check)', () => {
  it('every turn ends in idle or failed, with every invariant held and the history intact', async () => {
    const everyKindOfCall = (
      ['valid', 'invalid_json', 'invalid_arguments', 'unknown_tool', 'valid', 'valid', 'valid', 'valid'] as const
    ).map((call, index) => ({
      call,
      tool: (['succeeds', 'throws', 'times out', 'returns a BigInt'] as const)[index % 4]!,
      delayMs: 8 - index,
    }));
    await fc.assert(fc.asyncProperty(scenarios, runScenario), {
      numRuns: 60,
      // The widest rounds, always tried: eight calls of every kind, with parallel on and off.
      examples: [
        [
          {
            parallel: true,
            maxSteps: 2,
            replies: [everyKindOfCall, everyKindOfCall, everyKindOfCall],
            failingRequest: undefined,
            emptyFinalAnswer: false,
          },
        ],
        [{ parallel: false, maxSteps: 3, replies: [everyKindOfCall, everyKindOfCall], failingRequest: 2, emptyFinalAnswer: true }],
      ],
    });
  }, 60_000);
});
