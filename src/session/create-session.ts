import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { createActor, type Actor, type InspectionEvent, type Observer, type SnapshotFrom } from 'xstate';
import { STATES } from '../../machines/lifecycle-states.js';
import { isLifecycleState } from '../../machines/lifecycle.js';
import type { ApprovalDecision, LifecycleEvent } from '../../machines/lifecycle-types.js';
import { registerRuntime, type LifecycleRuntime } from '../actors/runtime.js';
import { closeOpenToolCalls } from '../conversation/close-open-tool-calls.js';
import { InvalidOptionsError, InvalidTurnError, turnErrorFromData, TurnCancelledError } from '../conversation/errors.js';
import type { JsonValue } from '../conversation/json.js';
import type { PendingApproval, TurnEvent, TurnResult } from '../conversation/turn-result.js';
import type { SessionStore } from './session-store.js';
import type { Tool } from '../tool-definition/tool.js';
import type { ToolCollection } from '../tool-definition/tool-collection.js';
import { sessionMachine, type SessionMachine } from './create-lifecycle-machine.js';
import { resolveLifecycleOptions, toolboxForTurn, withRunOptions, type LifecycleOptions } from './lifecycle-options.js';
import { SessionPersistence } from './session-persistence.js';
import { readSessionSnapshot, sessionSnapshot, type SessionSnapshot } from './session-snapshot.js';
import { checkDecisions } from './check-decisions.js';
import { isInToolScope, runInToolScope } from './tool-scope.js';
import { turnEventStream } from './turn-event-stream.js';
import { pendingApprovals, turnResult } from './turn-result.js';

export interface SessionOptions extends LifecycleOptions {
  /** Any XState inspector: `createInspector(...).inspect`, `createWebSocketInspector().inspect`, or a callback. */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Names the conversation (part of every idempotency key, and its key in a store). Default: a random UUID. */
  sessionId?: string;
  /** Continues a conversation from `session.snapshot()` (in this process or any other). Its history replaces `messages`. */
  snapshot?: SessionSnapshot;
  /** Saves the session at every step boundary. `openSession` continues a stored one. */
  store?: SessionStore;
}

export interface AskOptions {
  /** Aborting cancels the turn: the request or the running tools are aborted, the history stays valid. */
  signal?: AbortSignal;
  /** Receives the turn's events as they happen: the same events `stream()` yields. */
  onEvent?: (event: TurnEvent) => void;
}

/** How a person answers a call that waits for approval; edited `arguments` are checked against the tool's schema. */
export type Decision = { approve: true; arguments?: JsonValue } | { approve: false; reason?: string };

export interface Session {
  readonly id: string;
  /** The running lifecycle actor: subscribe to it, inspect it, listen to its events with `on`. */
  readonly actor: Actor<SessionMachine>;
  /** Sends a user message and resolves when the turn is answered (or waits for approval). Turns queue up; they never overlap. */
  ask(text: string, options?: AskOptions): Promise<TurnResult>;
  /** `ask`, as an async iterable of the turn's events, ending with `turn.done`; a failed turn throws its typed error. */
  stream(text: string, options?: Omit<AskOptions, 'onEvent'>): AsyncIterable<TurnEvent>;
  /** After a failed request (`ApiRequestError`), sends exactly the same request again. */
  retry(options?: AskOptions): Promise<TurnResult>;
  /** Answers every call that waits for approval and continues the turn. */
  decide(decisions: Readonly<Record<string, Decision>>, options?: AskOptions): Promise<TurnResult>;
  /** Continues a turn that was in flight when its snapshot was taken: re-sends the request, re-runs or answers the tool calls. */
  resume(options?: AskOptions): Promise<TurnResult>;
  /** Cancels the turn in progress (also one waiting for approval); its open calls are answered as cancelled. */
  cancel(): void;
  /** The calls waiting for `decide`, if the turn stopped for approval. */
  readonly pendingApprovals: readonly PendingApproval[];
  /** The whole conversation, exactly as it is sent to the API; always one the API accepts. */
  readonly messages: readonly ChatCompletionMessageParam[];
  /** The conversation as plain JSON, in any state; `createSession({ snapshot })` continues it. */
  snapshot(): SessionSnapshot;
  /** Resolves once every step so far is saved in the store (at once without one); rejects if a save failed. */
  flush(): Promise<void>;
  /** Stops the session: a running turn rejects with `TurnCancelledError`, its open calls answered as cancelled in `messages`. */
  stop(): void;
}

type Snapshot = SnapshotFrom<SessionMachine>;
type TurnStartEvent = Extract<LifecycleEvent, { type: 'user.message' | 'retry' | 'approval.decided' | 'resume' }>;

interface ActiveTurn {
  resolve(result: TurnResult): void;
  reject(error: unknown): void;
  onEvent: ((event: TurnEvent) => void) | undefined;
  /** The answer text streamed by the current request, for a cancel to hand back. */
  partial: string;
  requests: number;
  /** Stops listening to the actor and the signal: the turn is over. */
  finish(): void;
}

/**
 * A conversation with tools: the lifecycle actor plus a promise-based way to drive it. A failed or
 * cancelled turn rejects with a `TurnError` (`InvalidTurnError`, `ApiRequestError`,
 * `TurnCancelledError`) and leaves the session usable. Throws `ToolDefinitionError`,
 * `InvalidOptionsError` or `SessionSnapshotError` for options it cannot start with.
 */
export function createSession(options: SessionOptions): Session {
  return startSession(options, 0);
}

/** Continues the session `sessionId` from its store, or starts it there if the store has none. */
export async function openSession(options: SessionOptions & { store: SessionStore; sessionId: string }): Promise<Session> {
  const stored = await options.store.load(options.sessionId);
  return startSession(stored ? { ...options, snapshot: stored.snapshot } : options, stored?.version ?? 0);
}

function startSession(options: SessionOptions, storedVersion: number): Session {
  return new LifecycleSession(options, storedVersion);
}

/**
 * The session as a class: an idle session is the actor plus a few fields (its methods live on the
 * prototype), and it listens to the actor only while a turn runs — a session parked between turns
 * costs little more than its actor, which matters to an app that keeps one per user.
 */
class LifecycleSession implements Session {
  readonly id: string;
  readonly actor: Actor<SessionMachine>;
  readonly #runtime: LifecycleRuntime;
  readonly #tools: readonly Tool[];
  readonly #collections: readonly ToolCollection[];
  #lastKnownTools: Map<ToolCollection, readonly Tool[]> | undefined;
  readonly #persistence: SessionPersistence | undefined;
  #saved: Snapshot | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #turn: ActiveTurn | undefined;

  constructor(options: SessionOptions, storedVersion: number) {
    const restored = options.snapshot === undefined ? undefined : readSessionSnapshot(options.snapshot, isLifecycleState);
    if (restored && options.sessionId !== undefined && options.sessionId !== restored.sessionId) {
      throw new InvalidOptionsError(`The snapshot is of session ${restored.sessionId}, not ${options.sessionId}.`, 'sessionId');
    }
    this.id = restored?.sessionId ?? options.sessionId ?? crypto.randomUUID();
    const resolved = resolveLifecycleOptions(options, this.id);
    this.#tools = resolved.tools;
    this.#collections = resolved.collections;
    this.actor = createActor(sessionMachine, {
      input: resolved.input,
      inspect: options.inspect,
      ...(restored ? { snapshot: sessionMachine.resolveState({ value: restored.state, context: withRunOptions(restored.context, resolved.input) }) } : {}),
    });
    const persistence = options.store ? new SessionPersistence(options.store, this.id, storedVersion, () => this.actor.stop()) : undefined;
    this.#persistence = persistence;
    this.#runtime = {
      ...resolved.runtime,
      reportAttempts: options.inspect !== undefined,
      // The session itself marks its tools' code, so only its own tools are recognised on re-entry.
      enterTool: (run) => runInToolScope(this, run),
      ...(persistence ? { beforeToolRuns: persistence.beforeToolRuns, beforeRequest: persistence.beforeRequest } : {}),
    };
    registerRuntime(this.actor.system, this.#runtime);
    if (persistence) {
      this.#saved = this.actor.getSnapshot();
      this.actor.subscribe((snapshot) => this.#persist(snapshot));
    }
    this.actor.start();
  }

  ask(text: string, options?: AskOptions): Promise<TurnResult> {
    return this.#enqueue(async () => {
      await this.#refreshTools();
      return this.#run({ type: 'user.message', content: text }, options);
    });
  }

  stream(text: string, options?: Omit<AskOptions, 'onEvent'>): AsyncIterable<TurnEvent> {
    return turnEventStream((onEvent) => this.ask(text, { ...options, onEvent }));
  }

  retry(options?: AskOptions): Promise<TurnResult> {
    return this.#enqueue(() => this.#run({ type: 'retry' }, options));
  }

  decide(decisions: Readonly<Record<string, Decision>>, options?: AskOptions): Promise<TurnResult> {
    return this.#enqueue(async () => this.#run({ type: 'approval.decided', decisions: decisionsFor(this.actor.getSnapshot(), decisions, this.#runtime.toolbox) }, options));
  }

  resume(options?: AskOptions): Promise<TurnResult> {
    return this.#enqueue(() => this.#run({ type: 'resume' }, options));
  }

  cancel(): void {
    this.actor.send({ type: 'cancel' });
  }

  get pendingApprovals(): readonly PendingApproval[] {
    return pendingApprovals(this.actor.getSnapshot().context);
  }

  get messages(): readonly ChatCompletionMessageParam[] {
    const snapshot = this.actor.getSnapshot();
    return snapshot.status === 'active' ? snapshot.context.messages : closeOpenToolCalls(snapshot.context.messages);
  }

  snapshot(): SessionSnapshot {
    const snapshot = this.actor.getSnapshot();
    return sessionSnapshot(this.id, snapshot.value, snapshot.context);
  }

  flush(): Promise<void> {
    return this.#persistence?.flush() ?? Promise.resolve();
  }

  stop(): void {
    this.actor.stop();
  }

  /** A new turn sees the collections' current tools; a retry or a decision continues with the turn's own. */
  async #refreshTools(): Promise<void> {
    if (this.#collections.length === 0) return;
    this.#lastKnownTools ??= new Map();
    this.#runtime.toolbox = await toolboxForTurn(this.#tools, this.#collections, this.#lastKnownTools);
  }

  #enqueue(turn: () => Promise<TurnResult>): Promise<TurnResult> {
    // A tool of this session asking it again would wait for the turn it is part of, forever.
    if (isInToolScope(this) && isMidTurn(this.actor.getSnapshot())) return Promise.reject(reentrant());
    const result = this.#queue.then(turn);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Sends the event that starts (or continues) a turn and settles when the turn rests again. */
  #run(event: TurnStartEvent, options: AskOptions = {}): Promise<TurnResult> {
    return new Promise<TurnResult>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) throw new TurnCancelledError();
      const snapshot = this.actor.getSnapshot();
      if (snapshot.status !== 'active') throw this.#persistence?.failed ?? new TurnCancelledError('The session has been stopped.');
      if (!snapshot.can(event)) throw cannotStart(event, snapshot);
      const cancel = () => this.actor.send({ type: 'cancel' });
      const turn: ActiveTurn = {
        resolve,
        reject,
        onEvent: options.onEvent,
        partial: '',
        requests: snapshot.context.requests,
        finish: () => {
          signal?.removeEventListener('abort', cancel);
          emitted.unsubscribe();
          snapshots.unsubscribe();
          this.#turn = undefined;
        },
      };
      this.#turn = turn;
      const emitted = this.actor.on('*', (emittedEvent) => this.#deliver(turn, emittedEvent));
      const snapshots = this.actor.subscribe({
        next: (next) => this.#settle(turn, next),
        error: () => undefined,
        complete: () => {
          turn.finish();
          turn.reject(this.#persistence?.failed ?? new TurnCancelledError('The session was stopped during the turn.', turn.partial));
        },
      });
      // Listening before sending: an abort fired while the event is being processed (by a
      // subscriber reacting to `deciding`, say) is queued behind it and cancels the turn.
      signal?.addEventListener('abort', cancel, { once: true });
      this.actor.send(event);
    });
  }

  #deliver(turn: ActiveTurn, event: TurnEvent): void {
    if (this.#turn !== turn) return;
    if (event.type === 'content.delta') turn.partial += event.delta;
    const listener = turn.onEvent;
    if (!listener) return;
    try {
      listener(event);
    } catch (error) {
      // A listener's own bug must not break the turn; it surfaces the way an event listener's would.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  #settle(turn: ActiveTurn, snapshot: Snapshot): void {
    if (this.#turn !== turn) return;
    if (snapshot.context.requests !== turn.requests) {
      turn.requests = snapshot.context.requests;
      turn.partial = '';
    }
    if (snapshot.matches(STATES.idle) || snapshot.matches(STATES.awaitingApproval)) {
      const result = turnResult(snapshot.context);
      this.#deliver(turn, { type: 'turn.done', result });
      turn.finish();
      turn.resolve(result);
    } else if (snapshot.matches(STATES.failed) || snapshot.matches(STATES.cancelled)) {
      const error = snapshot.context.lastError;
      turn.finish();
      if (error?.name === 'TurnCancelledError') turn.reject(new TurnCancelledError(error.message, turn.partial));
      else turn.reject(error ? turnErrorFromData(error) : new TurnCancelledError('The turn ended without an error.'));
    }
  }

  /** Every step boundary is saved: a changed context or state, never a stream delta. */
  #persist(snapshot: Snapshot): void {
    if (!this.#persistence || (snapshot.context === this.#saved?.context && snapshot.value === this.#saved.value)) return;
    this.#saved = snapshot;
    this.#persistence.save(sessionSnapshot(this.id, snapshot.value, snapshot.context));
  }
}

function isMidTurn(snapshot: Snapshot): boolean {
  return !(
    snapshot.matches(STATES.idle) ||
    snapshot.matches(STATES.failed) ||
    snapshot.matches(STATES.cancelled) ||
    snapshot.matches(STATES.awaitingApproval)
  );
}

function reentrant(): InvalidTurnError {
  return new InvalidTurnError(
    "A tool called ask/retry/decide on its own session while the session's turn was running; the turn would wait for itself. Use a separate session inside tools.",
    'reentrant_call',
  );
}

/** Why an event cannot start a turn in this state, as the error the caller gets. */
function cannotStart(event: TurnStartEvent, snapshot: Snapshot): InvalidTurnError {
  if (snapshot.matches(STATES.awaitingApproval) && event.type !== 'approval.decided') {
    const ids = pendingApprovals(snapshot.context).map((call) => `${call.name} (${call.id})`);
    return new InvalidTurnError(`The turn waits for approval of ${ids.join(', ')}: call decide(), or cancel the turn, first.`, 'invalid_decision');
  }
  if (event.type === 'retry') return new InvalidTurnError('Nothing to retry: no request has failed.', 'nothing_to_retry');
  if (event.type === 'approval.decided') return new InvalidTurnError('Nothing to decide: no call waits for approval.', 'nothing_to_decide');
  if (event.type === 'resume') return new InvalidTurnError('Nothing to resume: the session is not in the middle of a turn.', 'nothing_to_resume');
  return new InvalidTurnError(
    `The session is in the middle of a turn (in "${JSON.stringify(snapshot.value)}", restored from a snapshot?): call resume() or cancel() first.`,
    'turn_in_progress',
  );
}

function decisionsFor(snapshot: Snapshot, decisions: Readonly<Record<string, Decision>>, toolbox: LifecycleRuntime['toolbox']): Record<string, ApprovalDecision> {
  const checked = checkDecisions(snapshot.context, snapshot.matches(STATES.awaitingApproval), decisions, toolbox);
  if (!checked.ok) throw new InvalidTurnError(checked.message, checked.reason);
  return checked.decisions;
}
