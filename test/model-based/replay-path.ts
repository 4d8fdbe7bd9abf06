import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import type { LifecycleEvent, StreamedTurnEvent } from '../../machines/lifecycle-types.js';
import { createLifecycleMachine } from '../../src/index.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { createToolbox } from '../../src/tool-definition/toolbox.js';
import { createToolHarness, GENEROUS_TOOL_TIMEOUT_MS, nextTick, type ToolBehaviour } from '../support/model-based-tools.js';
import { scriptedModel } from '../support/scripted-model.js';
import { wireOptions, type WireMode } from '../support/wire-modes.js';
import type { CoverageRecorder } from './coverage.js';
import {
  continuationProblem,
  isRestState,
  requestViolations,
  snapshotViolations,
  streamedReplyProblem,
  toolViolations,
  type InvariantEnv,
} from './invariants.js';
import { ignoredEvents, requestStage, valueKey, type LifecycleSnapshot, type OutcomeKind, type PathEvent } from './lifecycle-events.js';
import { lifecycleInput, MODEL, sessionOptions, type GeneratedPath } from './lifecycle-paths.js';

/**
 * Replays one generated path for real: a live actor of the real machine with the real actors, the
 * `openai` SDK talking to the scripted offline model, real tools. The path's model events become
 * what the world does (a scripted reply, a tool that succeeds, throws or hangs, an approval check
 * that answers); the caller's events are sent as they are; what the actors report on their own
 * (checks, starts, timeouts, stream deltas) is expected. Replies, checks and tool results are held
 * behind gates and released one step at a time, so the live actor sees the events in exactly the
 * path's order. Every event the live actor processes must be the path's, and its context must be
 * exactly what the pure machine makes of that same event.
 *
 * The traversal predicts replies as Chat Completions delivers them, and over the Responses API the
 * machine must see the very same reply but for its `continuation` (the response id, the reasoning
 * items): those are ids and sealed reasoning the offline model makes up as it answers, so a
 * prediction of them would only restate the server. A Responses reply is therefore compared
 * without it, its continuation is checked for its shape, and what the adapter does with it is
 * checked where it matters, on the wire: each request must continue the last response (server
 * state) or send back every reasoning item recorded (stateless), and the strict server rejects a
 * request it cannot continue. The context's `wire` is then exactly the pure machine's, fed the
 * live events.
 */

const WAIT_LIMIT_MS = 3_000;

interface Processed {
  event: LifecycleEvent;
  snapshot: LifecycleSnapshot;
}

/** Promises keyed by name, created by whichever side asks first: the releaser or the waiter. */
class Gates<Key, Value = void> {
  private readonly entries = new Map<Key, { promise: Promise<Value>; resolve: (value: Value) => void }>();
  private entry(key: Key) {
    let entry = this.entries.get(key);
    if (!entry) {
      let resolve!: (value: Value) => void;
      const promise = new Promise<Value>((settle) => (resolve = settle));
      entry = { promise, resolve };
      this.entries.set(key, entry);
    }
    return entry;
  }
  wait(key: Key): Promise<Value> {
    return this.entry(key).promise;
  }
  open(key: Key, value: Value): void {
    this.entry(key).resolve(value);
  }
}

function within<T>(promise: Promise<T>, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Waited ${WAIT_LIMIT_MS} ms for ${what()}`)), WAIT_LIMIT_MS);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

function toolBehaviour(kind: OutcomeKind | undefined, release: Promise<void>): ToolBehaviour {
  switch (kind) {
    case 'ok':
      return { kind: 'ok', release };
    case 'tool_failed':
      return { kind: 'throw', release };
    case 'unserializable_result':
      return { kind: 'unserializable', release };
    // Timeouts are `slow_lookup` calls, which hang until their limit; a call the path never settles
    // hangs until the path cancels or resumes, or the replay stops the actor.
    case 'timeout':
    case undefined:
      return { kind: 'hang' };
  }
}

/** The path's event without the traversal's extra fields: what the machine is sent. */
function machineEvent(event: PathEvent): LifecycleEvent {
  const { label: _label, script: _script, outcomeKind: _outcome, ...rest } = event;
  return rest as LifecycleEvent;
}

/** Whether the live actor processed the event the path predicted; volatile parts (timings, server ids, texts of the real tools) aside. */
function sameEvent(live: LifecycleEvent, expected: PathEvent, mode: WireMode): boolean {
  if (live.type !== expected.type) return false;
  switch (live.type) {
    case 'model.replied': {
      if (mode.api === 'chat') return isDeepStrictEqual(live, machineEvent(expected));
      const withoutContinuation = (event: typeof live) => ({ ...event, reply: { ...event.reply, continuation: null } });
      return isDeepStrictEqual(withoutContinuation(live), withoutContinuation(machineEvent(expected) as typeof live));
    }
    case 'model.failed': {
      const wanted = expected as Extract<PathEvent, { type: 'model.failed' }>;
      const pick = ({ requestId, error }: typeof live) => ({
        requestId,
        name: error.name,
        stage: 'stage' in error ? error.stage : null,
        status: 'status' in error ? error.status : null,
      });
      return isDeepStrictEqual(pick(live), pick(wanted));
    }
    case 'tool.settled': {
      const kind = live.outcome.ok ? 'ok' : live.outcome.error.kind;
      return live.toolCallId === (expected as typeof live).toolCallId && kind === expected.outcomeKind;
    }
    // Replies, deltas, checks and starts are predicted exactly.
    default:
      return isDeepStrictEqual(live, machineEvent(expected));
  }
}

/** The parts of a snapshot the path and the live actor must agree on: the route, not the texts and timings the real tools produce. */
function digest(snapshot: LifecycleSnapshot) {
  const { context } = snapshot;
  const describeCall = (call: LifecycleSnapshot['context']['turn']['toolCalls'][number]) =>
    `${call.id}:${call.status}${call.status === 'failed' ? `(${call.error.kind})` : ''}`;
  const error = context.lastError;
  return {
    value: snapshot.value,
    requests: context.requests,
    steps: context.turn.steps,
    forcedAnswer: context.turn.forcedAnswer,
    stopReason: context.turn.stopReason,
    requested: context.turn.requested.map((call) => call.id),
    toolCalls: context.turn.toolCalls.map(describeCall),
    settledToolCalls: context.turn.settledToolCalls.map(describeCall),
    messages: context.messages.map((message) => (message.role === 'tool' ? `tool:${message.tool_call_id}` : message.role)),
    lastError: error && `${error.name}${'stage' in error ? `(${error.stage})` : ''}${'reason' in error ? `(${error.reason})` : ''}`,
  };
}

export async function replayPath(path: GeneratedPath, coverage: CoverageRecorder, mode: WireMode): Promise<void> {
  const { config, steps } = path;
  const outcomes = new Map<string, OutcomeKind>();
  for (const step of steps) if (step.event?.type === 'tool.settled') outcomes.set(step.event.toolCallId, step.event.outcomeKind!);

  const toolGates = new Gates<string>();
  const checkGates = new Gates<string>();
  const replies = new Gates<number, ScriptedReply>();
  const arrivals = new Gates<number>();
  const requestAborts = new Gates<number>();
  // A set: the same broken rule seen in many snapshots is reported once.
  const violations = new Set<string>();
  const report = (found: readonly string[]) => found.forEach((violation) => violations.add(violation));
  const processed: Processed[] = [];
  let onProcessed = () => {};

  const harness = createToolHarness(
    (id) => toolBehaviour(outcomes.get(id), toolGates.wait(id)),
    (id) => checkGates.wait(id),
  );
  const env: InvariantEnv = {
    wire: mode,
    toolbox: createToolbox(harness.tools),
    model: MODEL,
    parallelToolCalls: config.parallelToolCalls,
    stream: config.stream,
  };

  const { client, server } = await scriptedModel((request, { index, signal, responses }) => {
    const live = actor.getSnapshot();
    report(requestViolations(request, live, env, responses));
    // Requests are numbered from 1 by the machine, from 0 by the server: a lost or extra request shows here.
    if (index !== live.context.requests - 1) report([`request #${index} arrived while the machine counts ${live.context.requests} requests`]);
    arrivals.open(index, undefined);
    const aborted = new Promise<ScriptedReply>((resolve) => {
      const onAbort = () => {
        requestAborts.open(index, undefined);
        resolve({ content: 'never delivered' });
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([replies.wait(index), aborted]);
  });

  /** The request bodies as sent, on the mode's endpoint. */
  const sent = () => (mode.api === 'chat' ? server.requests : server.responsesRequests).map((request) => request.body as unknown);
  const responseIds = new Set<string>();
  const machine = createLifecycleMachine({
    ...sessionOptions(config),
    ...wireOptions(mode),
    client,
    tools: harness.tools,
    toolTimeoutMs: GENEROUS_TOOL_TIMEOUT_MS,
  });
  let previous: LifecycleSnapshot | undefined;
  const actor = createActor(machine, {
    inspect: (event) => {
      if (event.actorRef.sessionId !== event.rootId) return;
      coverage.observe(event);
      if (event.type !== '@xstate.snapshot') return;
      const snapshot = event.snapshot as LifecycleSnapshot;
      report(snapshotViolations(snapshot, previous, env));
      previous = snapshot;
      processed.push({ event: event.event as LifecycleEvent, snapshot });
      onProcessed();
    },
  });

  let cursor = 0;
  /** The next event the live actor processed; the path says what it must be. */
  const nextProcessed = async (what: string): Promise<Processed> => {
    const arrived = new Promise<void>((resolve) => {
      if (processed.length > cursor) resolve();
      else onProcessed = () => processed.length > cursor && resolve();
    });
    await within(arrived, () => `${what}; the actor is in ${valueKey(actor.getSnapshot().value)}`);
    cursor += 1;
    return processed[cursor - 1]!;
  };

  // The pure machine, fed the very events the live actor processed: the live context must be exactly its context.
  let pure = initialTransition(lifecycleMachine, lifecycleInput(config))[0];
  const expectPureAgreement = (entry: Processed, where: string) => {
    [pure] = transition(lifecycleMachine, pure, entry.event);
    expect(entry.snapshot.value, `${where}: state (pure machine)`).toEqual(pure.value);
    expect(entry.snapshot.context, `${where}: context (pure machine)`).toStrictEqual(pure.context);
  };

  /** In a rest state, a stray event changes nothing and starts nothing. */
  const expectIgnored = async (where: string) => {
    const before = actor.getSnapshot();
    const requestsBefore = sent().length;
    const startsBefore = harness.started.length;
    for (const event of ignoredEvents(before)) {
      const what = `${where}: ${event.type} in ${valueKey(before.value)}`;
      expect(before.can(event), `${what} is handled`).toBe(false);
      actor.send(event);
      const entry = await nextProcessed(what);
      expect(entry.event, what).toBe(event);
      expectPureAgreement(entry, what);
      expect(entry.snapshot.context, `${what} changed the context`).toStrictEqual(before.context);
    }
    await nextTick();
    expect(sent().length, `${where}: a stray event sent a request`).toBe(requestsBefore);
    expect(harness.started.length, `${where}: a stray event started a tool`).toBe(startsBefore);
  };

  try {
    actor.start();
    const start = await nextProcessed('the initial snapshot');
    expect(start.snapshot.context, 'initial context (pure machine)').toStrictEqual(pure.context);
    expect(digest(start.snapshot), 'start').toEqual(digest(steps[0]!.state));

    const retriedRequests: number[] = [];
    const streamed: StreamedTurnEvent[] = [];
    for (let index = 1; index < steps.length; index += 1) {
      const event = steps[index]!.event!;
      const where = `step ${index} (${valueKey(steps[index - 1]!.state.value)} -${event.label}->)`;
      const live = actor.getSnapshot();
      const inFlight = requestStage(live) && (event.type === 'cancel' || event.type === 'resume') ? live.context.requests - 1 : undefined;
      const runningBefore = harness.running.ids();

      switch (event.type) {
        case 'user.message':
        case 'approval.decided':
          actor.send(machineEvent(event));
          break;
        case 'retry':
          retriedRequests.push(live.context.requests);
          actor.send(machineEvent(event));
          break;
        case 'cancel':
        case 'resume':
          // Only once the request is on the wire, so that aborting it is observable.
          if (inFlight !== undefined) await within(arrivals.wait(inFlight), () => `${where}: request #${inFlight} to reach the model`);
          actor.send(machineEvent(event));
          break;
        case 'model.streamed':
        case 'model.replied':
        case 'model.failed':
          replies.open(event.requestId - 1, event.script!);
          break;
        case 'tools.checked':
          for (const call of live.context.turn.requested) checkGates.open(call.id, undefined);
          break;
        case 'tool.settled':
          if (event.outcomeKind !== 'timeout') toolGates.open(event.toolCallId, undefined);
          break;
        case 'tool.started':
          break;
      }

      const entry = await nextProcessed(`${where} to be processed`);
      expect(sameEvent(entry.event, event, mode), `${where}: the live actor processed ${JSON.stringify(entry.event)}`).toBe(true);
      if (entry.event.type === 'model.replied' && mode.api === 'responses') {
        const problem = continuationProblem(entry.event.reply.continuation, mode.serverState, responseIds);
        if (problem) report([`${where}: ${problem}`]);
      }
      expectPureAgreement(entry, where);
      expect(digest(entry.snapshot), where).toEqual(digest(steps[index]!.state));
      if (entry.event.type === 'model.streamed') streamed.push(entry.event.event);
      if (entry.event.type === 'model.replied' && config.stream) {
        const problem = streamedReplyProblem(streamed.splice(0), entry.event.reply);
        if (problem) report([`${where}: ${problem}`]);
      }

      await nextTick();
      report(toolViolations(harness, actor.getSnapshot()));
      if (event.type === 'cancel' || event.type === 'resume') {
        // Leaving the state stops its runner: every tool that was running sees its signal abort.
        for (const id of runningBefore) expect(harness.aborted.has(id), `${where}: tool ${id} saw its signal abort`).toBe(true);
        if (inFlight !== undefined) await within(requestAborts.wait(inFlight), () => `${where}: request #${inFlight} to be aborted`);
      }
      if (isRestState(entry.snapshot) && processed.length === cursor) await expectIgnored(`${where}, then`);
    }

    await nextTick();
    expect(processed.slice(cursor).map((entry) => entry.event.type), 'events the path did not ask for').toEqual([]);
    expect(sent().length, 'requests the model received').toBe(actor.getSnapshot().context.requests);
    for (const request of retriedRequests) {
      expect(sent()[request], `retry resends request #${request} unchanged`).toEqual(sent()[request - 1]);
    }
    expect([...violations], 'broken invariants').toEqual([]);
  } finally {
    actor.stop();
  }
  await nextTick();
  expect(harness.running.ids(), 'tools still running after the actor stopped').toEqual([]);
}
