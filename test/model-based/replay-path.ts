import { createActor, type AnyEventObject } from 'xstate';
import { expect } from 'vitest';
import { createLifecycleMachine } from '../../src/index.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { createToolbox } from '../../src/tool-calls/toolbox.js';
import { GENEROUS_TOOL_TIMEOUT_MS, createToolHarness, nextTick, type ToolBehaviour } from '../support/model-based-tools.js';
import { scriptedModel } from '../support/scripted-model.js';
import type { CoverageRecorder } from './coverage.js';
import { digest, requestViolations, snapshotViolations, toolViolations, type InvariantEnv } from './invariants.js';
import { valueKey, type LifecycleSnapshot, type OutcomeKind, type PathEvent } from './lifecycle-events.js';
import type { GeneratedPath } from './lifecycle-paths.js';

/**
 * Replays one generated path for real: a live actor of the real machine with the real actors, the
 * `openai` SDK talking to the scripted offline model, a real tool. The path's model events become
 * what the world does (a scripted reply, a tool that succeeds, throws or hangs); the path's caller
 * events are sent as they are. Replies and tool results are held behind gates and released one step
 * at a time, so the live actor sees the events in exactly the path's order.
 */

const WAIT_LIMIT_MS = 3_000;

interface Processed {
  event: AnyEventObject;
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

/** What the offline model must answer for a request event of the path. */
function scriptedReply(event: PathEvent): ScriptedReply {
  if (event.type === 'xstate.error.actor.requestCompletion') {
    return { error: { status: event.error.status ?? 500, message: 'overloaded' } };
  }
  if (event.type !== 'xstate.done.actor.requestCompletion') throw new Error(`${event.type} is not a model reply`);
  const choice = event.output.choices[0]!;
  return {
    content: choice.message.content,
    toolCalls: (choice.message.tool_calls ?? []).flatMap((call) =>
      call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
    ),
    finishReason: choice.finish_reason === 'function_call' ? 'stop' : choice.finish_reason,
  };
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
    // hangs until the path cancels or the replay stops the actor.
    case 'timeout':
    case undefined:
      return { kind: 'hang' };
  }
}

export async function replayPath(path: GeneratedPath, coverage: CoverageRecorder): Promise<void> {
  const { config, steps } = path;
  const outcomes = new Map<string, OutcomeKind>();
  for (const step of steps) if (step.event?.type === 'tool.settled') outcomes.set(step.event.toolCallId, step.event.kind);

  const toolGates = new Gates<string>();
  const replies = new Gates<number, ScriptedReply>();
  const arrivals = new Gates<number>();
  const requestAborts = new Gates<number>();
  const violations: string[] = [];
  const processed: Processed[] = [];
  let onProcessed = () => {};

  const harness = createToolHarness((id) => toolBehaviour(outcomes.get(id), toolGates.wait(id)));
  const env: InvariantEnv = {
    toolbox: createToolbox(harness.tools),
    model: config.model,
    maxSteps: config.maxSteps,
    parallelToolCalls: config.parallelToolCalls,
    initialMessages: config.messages,
  };

  const { client, server } = await scriptedModel((request, { index, signal }) => {
    violations.push(...requestViolations(request, actor.getSnapshot(), env));
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

  const machine = createLifecycleMachine({
    client,
    model: config.model,
    tools: harness.tools,
    parallelToolCalls: config.parallelToolCalls,
    maxSteps: config.maxSteps,
    messages: config.messages,
    toolTimeoutMs: GENEROUS_TOOL_TIMEOUT_MS,
  });
  let previous: LifecycleSnapshot | undefined;
  const actor = createActor(machine, {
    inspect: (event) => {
      if (event.actorRef.sessionId !== event.rootId) return;
      coverage.observe(event);
      if (event.type !== '@xstate.snapshot') return;
      const snapshot = event.snapshot as LifecycleSnapshot;
      violations.push(...snapshotViolations(snapshot, previous, env));
      previous = snapshot;
      processed.push({ event: event.event, snapshot });
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
  const expectStep = (entry: Processed, expected: LifecycleSnapshot, where: string) => {
    expect(entry.snapshot.value, `${where}: state`).toEqual(expected.value);
    expect(digest(entry.snapshot), `${where}: context`).toEqual(digest(expected));
  };

  try {
    actor.start();
    expectStep(await nextProcessed('the initial snapshot'), steps[0]!.state, 'start');

    let nextRequest = 0;
    const retriedRequests: number[] = [];
    for (let index = 1; index < steps.length; index += 1) {
      const { event, state: expected } = steps[index]!;
      if (!event) throw new Error(`step ${index} has no event`);
      const where = `step ${index} (${valueKey(steps[index - 1]!.state.value)} -${event.label}->)`;
      const live = actor.getSnapshot();
      let inFlight: number | undefined;
      const runningBeforeCancel = [...harness.running];

      switch (event.type) {
        case 'user.message':
          actor.send({ type: 'user.message', content: event.content });
          break;
        case 'retry':
          retriedRequests.push(nextRequest);
          actor.send({ type: 'retry' });
          break;
        case 'cancel':
          if (live.matches('deciding') || live.matches('responding')) {
            // Cancel only once the request is on the wire, so aborting it is observable.
            inFlight = nextRequest;
            nextRequest += 1;
            await within(arrivals.wait(inFlight), () => `request #${inFlight} to reach the model before cancelling`);
          }
          actor.send({ type: 'cancel' });
          break;
        case 'xstate.done.actor.requestCompletion':
        case 'xstate.error.actor.requestCompletion':
          replies.open(nextRequest, scriptedReply(event));
          nextRequest += 1;
          break;
        case 'tool.settled':
          toolGates.open(event.toolCallId, undefined);
          break;
      }

      const entry = await nextProcessed(`${where} to be processed`);
      expect(entry.event.type, `${where}: event`).toBe(event.type);
      if (event.type === 'tool.settled') {
        const outcome = (entry.event as Extract<PathEvent, { type: 'tool.settled' }>).outcome;
        expect(entry.event, `${where}: which call`).toMatchObject({ toolCallId: event.toolCallId });
        expect(outcome.ok ? 'ok' : outcome.error.kind, `${where}: outcome`).toBe(event.kind);
      }
      expectStep(entry, expected, where);

      await nextTick();
      violations.push(...toolViolations(harness, actor.getSnapshot()));
      if (event.type === 'cancel') {
        for (const id of runningBeforeCancel)
          expect(harness.aborted.has(id), `${where}: tool ${id} saw its signal abort`).toBe(true);
        if (inFlight !== undefined) {
          const request = inFlight;
          await within(requestAborts.wait(request), () => `${where}: request #${request} to be aborted`);
        }
      }
    }

    // `cancel` where the machine defines none (idle, cancelled) must change nothing and send nothing.
    const final = actor.getSnapshot();
    if (!final.can({ type: 'cancel' })) {
      const requestsBefore = server.requests.length;
      actor.send({ type: 'cancel' });
      const entry = await nextProcessed('an ignored cancel');
      expect(digest(entry.snapshot), `cancel in ${valueKey(final.value)}`).toEqual(digest(final));
      await nextTick();
      expect(server.requests.length, `cancel in ${valueKey(final.value)} sent a request`).toBe(requestsBefore);
    }

    await nextTick();
    expect(
      processed.slice(cursor).map((entry) => entry.event.type),
      'events the path did not ask for',
    ).toEqual([]);
    for (const request of retriedRequests) {
      expect(server.requests[request]?.body, `retry resends request #${request - 1} unchanged`).toEqual(
        server.requests[request - 1]?.body,
      );
    }
    expect([...violations], 'broken invariants').toEqual([]);
  } finally {
    actor.stop();
  }
  await nextTick();
  expect([...harness.running], 'tools still running after the actor stopped').toEqual([]);
}
