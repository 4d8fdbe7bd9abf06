import { useSelector } from '@xstate/react';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { SnapshotFrom } from 'xstate';
import { STATES } from '../../machines/lifecycle-states.js';
import type { ExecutionMode } from '../../machines/lifecycle-types.js';
import { turnErrorFromData, type TurnError } from '../conversation/errors.js';
import type { Stage } from '../conversation/stages.js';
import type { ToolCallRecord } from '../conversation/tool-call-record.js';
import type { PendingApproval } from '../conversation/turn-result.js';
import type { SessionMachine } from '../session/create-lifecycle-machine.js';
import { createSession, type Session, type SessionOptions } from '../session/create-session.js';
import { stageOf, stateName } from '../trace/state-name.js';
import { sessionStatus, type SessionStatus } from './session-status.js';
import { streamingText, type StreamingText } from './streaming-text.js';
import { approvalsOf, turnToolCalls } from './turn-tool-calls.js';

/** What `useSession` renders from: the session's state, read from its actor, and its methods. */
export interface SessionView {
  /** The session itself, for what the view does not cover (`snapshot()`, `actor`, `stream`…). */
  readonly session: Session;
  /** The stage the turn is in, from the state's `meta.stage`; null at rest (idle, failed, cancelled). */
  readonly stage: Stage | null;
  /** The machine's state, e.g. `executing.parallel`. */
  readonly state: string;
  readonly status: SessionStatus;
  /** A turn is running (`status === 'running'`): a new `ask` would queue behind it. */
  readonly busy: boolean;
  /** Why the last turn failed, while the session is `failed`; null otherwise. */
  readonly error: TurnError | null;
  /** The whole conversation, exactly as it is sent to the API. */
  readonly messages: readonly ChatCompletionMessageParam[];
  /** The current (or last) turn's tool calls, each with its `status`: pending, running, awaiting_approval, succeeded, failed. */
  readonly toolCalls: readonly ToolCallRecord[];
  /** The answer text the current request has streamed so far (with `stream: true`); '' until it streams. */
  readonly streamingText: string;
  /** The calls waiting for `decide`. */
  readonly pendingApprovals: readonly PendingApproval[];
  readonly ask: Session['ask'];
  readonly decide: Session['decide'];
  readonly retry: Session['retry'];
  /** Continues a turn restored mid-way (`status === 'interrupted'`). */
  readonly resume: Session['resume'];
  readonly cancel: Session['cancel'];
}

type Snapshot = SnapshotFrom<SessionMachine>;

interface Owned {
  session: Session;
  text: StreamingText;
}

const selectState = (snapshot: Snapshot) => stateName(snapshot.value);
const selectMessages = (snapshot: Snapshot) => snapshot.context.messages;
// The context is replaced, never mutated: the turn (and the failure) change identity exactly when they change.
const selectTurn = (snapshot: Snapshot) => snapshot.context.turn;
const selectFailure = (snapshot: Snapshot) =>
  snapshot.status === 'active' && snapshot.matches(STATES.failed) ? snapshot.context.lastError : null;
/** The mode of the round whose tools are running; null when none run (also in a state restored mid-round, before `resume`). */
const selectExecuting = (snapshot: Snapshot): ExecutionMode | null => {
  const value = snapshot.value;
  if (!snapshot.children.executeToolCalls || typeof value !== 'object' || !(STATES.executing in value)) return null;
  return value[STATES.executing] as ExecutionMode;
};

/**
 * A session for the component's lifetime, and its state as React state. `options` are read once, on
 * the first render, as `createSession` reads them (pass `snapshot` to continue a conversation); give
 * the component a new `key` to start another session. The session stops when the component unmounts.
 * The methods are the session's own: same promises, same errors.
 */
export function useSession(options: SessionOptions): SessionView {
  const [{ session, text }] = useState<Owned>(() => {
    const created = createSession(options);
    return { session: created, text: streamingText(created.actor) };
  });
  useStopOnUnmount(session);

  const { actor } = session;
  const stage = useSelector(actor, stageOf);
  const state = useSelector(actor, selectState);
  const status = useSelector(actor, sessionStatus);
  const messages = useSelector(actor, selectMessages);
  const turn = useSelector(actor, selectTurn);
  const failure = useSelector(actor, selectFailure);
  const executing = useSelector(actor, selectExecuting);
  const streamed = useSyncExternalStore(text.subscribe, text.getSnapshot);

  const toolCalls = useMemo(() => turnToolCalls(turn, session.id, executing), [turn, session.id, executing]);
  const pendingApprovals = useMemo(() => approvalsOf(toolCalls), [toolCalls]);
  const error = useMemo(() => (failure ? turnErrorFromData(failure) : null), [failure]);

  return {
    session,
    stage,
    state,
    status,
    busy: status === 'running',
    error,
    messages,
    toolCalls,
    streamingText: streamed,
    pendingApprovals,
    ...boundMethods(session),
  };
}

type SessionMethods = Pick<SessionView, 'ask' | 'decide' | 'retry' | 'resume' | 'cancel'>;
const bound = new WeakMap<Session, SessionMethods>();

/** The session's methods bound to it, the same functions on every render (so they can sit in deps and be passed down). */
function boundMethods(session: Session): SessionMethods {
  let methods = bound.get(session);
  if (!methods) {
    methods = {
      ask: session.ask.bind(session),
      decide: session.decide.bind(session),
      retry: session.retry.bind(session),
      resume: session.resume.bind(session),
      cancel: session.cancel.bind(session),
    };
    bound.set(session, methods);
  }
  return methods;
}

/**
 * Stops the session when the component goes away. A microtask later, because StrictMode (and
 * React's own reconnecting of effects) runs the cleanup and the effect again at once: the session
 * must survive that, or it would be stopped before its first turn.
 */
function useStopOnUnmount(session: Session): void {
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      queueMicrotask(() => {
        if (!mounted.current) session.stop();
      });
    };
  }, [session]);
}
