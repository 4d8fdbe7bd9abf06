import type { ActorRefLike, AnyTransitionDefinition, InspectionEvent, StateValue } from 'xstate';
import type { LifecycleEvent } from '../../machines/lifecycle-types.js';
import { stageOf, stateName } from '../trace/state-name.js';
import { traceTransitions, type TransitionRecord } from '../trace/transition-trace.js';
import { takenEdgeIds } from './diagram/machine-graph.js';
import { toJsonSafe, type JsonValue } from './json-safe.js';
import type { ActorEntry, ApiRequestAttempt, SessionHistory, SessionInfo, SessionStatus, TimelineEntry, TransitionEntry } from './timeline-types.js';

export interface RecorderOptions {
  /** Entries kept per session; older ones are dropped (the conversation itself is always kept). Default 2000. */
  maxEntriesPerSession?: number;
  /** Sessions kept; the oldest finished ones go first. Default 50. */
  maxSessions?: number;
}

export interface RecorderListener {
  session(info: SessionInfo): void;
  entry(sessionId: string, entry: TimelineEntry): void;
}

/** The inspection-event view of an actor: XState passes actor objects that have these, typed more narrowly. */
type InspectedActor = ActorRefLike & { _parent?: InspectedActor; id?: string };

interface Snapshotish {
  getMeta?: () => Record<string, unknown>;
  value?: StateValue;
  status?: string;
  context?: { messages?: unknown; usage?: unknown; model?: unknown };
}

interface PendingStep {
  event: { type: string };
  source: InspectedActor | undefined;
  microsteps: { state: string; edges: string[] }[];
  /** Children started during the step, announced after it so the timeline reads cause → effect. */
  started: string[];
}

interface SessionRecord {
  info: SessionInfo;
  entries: TimelineEntry[];
  dropped: number;
  messages: JsonValue[];
  lastMessages: readonly unknown[] | undefined;
  lastUsage: unknown;
  /**
   * Events received but not yet processed, oldest first. XState reports an event when it is sent,
   * and an actor started during a step may send one before that step's snapshot: each snapshot
   * closes the oldest step.
   */
  pending: PendingStep[];
  records: TransitionRecord[];
  /** HTTP attempts of the request in flight, attached to the step that ends it. */
  attempts: ApiRequestAttempt[];
  trace: (event: InspectionEvent) => void;
  childStarted: WeakMap<object, number>;
}


function rootOf(actor: InspectedActor): InspectedActor {
  let current = actor;
  while (current._parent) current = current._parent;
  return current;
}

function sessionStatus(status: string | undefined): SessionStatus {
  return status === 'done' || status === 'error' || status === 'stopped' ? status : 'active';
}

/**
 * Turns the inspection events of any number of root actors (one per session) into a bounded,
 * JSON-safe timeline per session. Never throws into XState: a bug here must not break a turn.
 */
export function createSessionRecorder(options: RecorderOptions = {}) {
  const maxEntries = options.maxEntriesPerSession ?? 2000;
  const maxSessions = options.maxSessions ?? 50;
  const sessions = new Map<string, SessionRecord>();
  const byRoot = new WeakMap<object, SessionRecord>();
  const listeners = new Set<RecorderListener>();
  let sessionCount = 0;

  const announce = (record: SessionRecord) => listeners.forEach((listener) => listener.session({ ...record.info }));

  const push = (record: SessionRecord, entry: Omit<TransitionEntry, 'seq'> | Omit<ActorEntry, 'seq'>) => {
    record.info.lastSeq += 1;
    const numbered = { ...entry, seq: record.info.lastSeq } as TimelineEntry;
    record.entries.push(numbered);
    if (record.entries.length > maxEntries) {
      record.entries.shift();
      record.dropped += 1;
    }
    listeners.forEach((listener) => listener.entry(record.info.id, numbered));
  };

  const evictIfFull = () => {
    while (sessions.size > maxSessions) {
      const all = [...sessions.values()];
      const victim = all.find((record) => record.info.status !== 'active') ?? all[0]!;
      sessions.delete(victim.info.id);
    }
  };

  const openSession = (root: InspectedActor): SessionRecord => {
    sessionCount += 1;
    // No `root.getSnapshot()` here: XState's development build throws while the actor initializes.
    // State and model arrive with the first snapshot.
    const record: SessionRecord = {
      info: {
        id: `s${sessionCount}`,
        label: `session ${sessionCount}`,
        startedAt: Date.now(),
        state: '',
        status: 'active',
        model: undefined,
        lastSeq: 0,
      },
      entries: [],
      dropped: 0,
      messages: [],
      lastMessages: undefined,
      lastUsage: undefined,
      pending: [],
      records: [],
      attempts: [],
      trace: () => {},
      childStarted: new WeakMap(),
    };
    // One trace per session: it remembers the previous snapshot of exactly one root actor.
    record.trace = traceTransitions((transition) => record.records.push(transition));
    sessions.set(record.info.id, record);
    byRoot.set(root, record);
    evictIfFull();
    announce(record);
    return record;
  };

  const startStep = (record: SessionRecord, event: { type: string }, source: InspectedActor | undefined): PendingStep => {
    const step = { event, source, microsteps: [], started: [] };
    record.pending.push(step);
    return step;
  };

  const finishStep = (record: SessionRecord, snapshot: Snapshotish, event: { type: string }) => {
    const step = record.pending.shift() ?? { event, source: undefined, microsteps: [], started: [] };
    if (foldsIntoRequest(record, step.event, snapshot)) return;
    // A queued event is processed from the state the step before it left, not the one it was sent in.
    const previousState = record.info.state;
    const now = Date.now();
    const state = stateName(snapshot.value);
    const status = sessionStatus(snapshot.status);
    const messages = diffMessages(record, snapshot.context?.messages);
    const usage = snapshot.context?.usage;
    const usageChanged = usage !== undefined && usage !== record.lastUsage;
    record.lastUsage = usage;
    const started = step.source ? record.childStarted.get(step.source) : undefined;
    record.info.state = state;
    record.info.status = status;
    const model = snapshot.context?.model;
    if (record.info.model === undefined && typeof model === 'string' && model !== '') record.info.model = model;
    push(record, {
      kind: 'transition',
      time: now,
      eventType: step.event.type,
      event: toJsonSafe(step.event),
      source: step.source?.id,
      durationMs: started === undefined ? undefined : now - started,
      from: previousState,
      microsteps: step.microsteps.length > 0 ? step.microsteps : [{ state, edges: [] }],
      state,
      status,
      records: record.records.splice(0).map((transition) => toJsonSafe(transition)),
      usage: usageChanged ? toJsonSafe(usage) : undefined,
      messages,
      ...requestsEndedBy(record, step.event),
    });
    for (const actorId of step.started) push(record, { kind: 'actor', time: now, actorId, state });
    announce(record);
  };

  /**
   * Stream deltas and HTTP attempts happen inside one request: they are not steps of their own on the
   * timeline, the attempts are listed on the step the request ends with.
   */
  const foldsIntoRequest = (record: SessionRecord, event: { type: string }, snapshot: Snapshotish): boolean => {
    if (event.type === 'model.streamed') return true;
    if (event.type !== 'model.attempted') return false;
    const { attempt, status, request } = event as Extract<LifecycleEvent, { type: 'model.attempted' }>;
    const stage = typeof snapshot.getMeta === 'function' ? stageOf(snapshot as Parameters<typeof stageOf>[0]) : null;
    record.attempts.push({
      stage: stage ?? '',
      attempt,
      ...(status === null ? {} : { status }),
      body: toJsonSafe(request),
    });
    return true;
  };

  const requestsEndedBy = (record: SessionRecord, event: { type: string }): { requests?: ApiRequestAttempt[] } => {
    if ((event.type !== 'model.replied' && event.type !== 'model.failed') || record.attempts.length === 0) return {};
    const requests = record.attempts.splice(0);
    if (event.type === 'model.failed') {
      const last = requests.at(-1)!;
      last.error = (event as Extract<LifecycleEvent, { type: 'model.failed' }>).error.message;
    }
    return { requests };
  };

  const diffMessages = (record: SessionRecord, current: unknown): TransitionEntry['messages'] => {
    if (!Array.isArray(current) || current === record.lastMessages) return undefined;
    const previous = record.lastMessages ?? [];
    // The machine copies the array but keeps message objects, so identity finds what is new.
    let from = 0;
    while (from < current.length && from < previous.length && current[from] === previous[from]) from += 1;
    record.lastMessages = current;
    const items = current.slice(from).map((message) => toJsonSafe(message));
    record.messages = [...record.messages.slice(0, from), ...items];
    return from === current.length && from === previous.length ? undefined : { from, items };
  };

  const handle = (inspection: InspectionEvent) => {
    const actor = inspection.actorRef as InspectedActor;
    const root = rootOf(actor);
    const isRoot = actor === root;
    let record = byRoot.get(root);
    if (!record) {
      if (!isRoot || inspection.type !== '@xstate.actor') return;
      record = openSession(root);
    }
    if (!sessions.has(record.info.id)) return; // evicted: stop recording it
    switch (inspection.type) {
      case '@xstate.actor':
        if (isRoot) return;
        record.childStarted.set(actor, Date.now());
        if (actor._parent === root) {
          const actorId = actor.id ?? actor.sessionId;
          if (record.pending[0]) record.pending[0].started.push(actorId);
          else push(record, { kind: 'actor', time: Date.now(), actorId, state: record.info.state });
        }
        return;
      case '@xstate.event':
        if (isRoot)
          startStep(record, inspection.event, inspection.sourceRef ? (inspection.sourceRef as InspectedActor) : undefined);
        return;
      case '@xstate.microstep': {
        if (!isRoot) return;
        const step = record.pending[0] ?? startStep(record, inspection.event, undefined);
        step.microsteps.push({
          state: stateName((inspection.snapshot as Snapshotish).value),
          edges: inspection._transitions.flatMap((transition: AnyTransitionDefinition) => takenEdgeIds(transition)),
        });
        return;
      }
      case '@xstate.snapshot':
        if (!isRoot) return;
        try {
          record.trace(inspection);
        } catch {
          // The trace understands the lifecycle machine; any other machine just gets no records.
        }
        finishStep(record, inspection.snapshot as Snapshotish, inspection.event);
        return;
    }
  };

  return {
    /** Pass as `inspect` to `createSession` / `createActor`. */
    inspect(inspection: InspectionEvent): void {
      try {
        handle(inspection);
      } catch (error) {
        // Swallowed on purpose: XState would surface it as an actor error and end the session.
        process.emitWarning(`toolcycle inspector: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    sessions(): SessionInfo[] {
      return [...sessions.values()].map((record) => ({ ...record.info }));
    },
    history(sessionId: string, after = 0): SessionHistory | undefined {
      const record = sessions.get(sessionId);
      if (!record) return undefined;
      return {
        session: { ...record.info },
        entries: record.entries.filter((entry) => entry.seq > after),
        dropped: record.dropped,
        messages: record.messages,
      };
    },
    subscribe(listener: RecorderListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SessionRecorder = ReturnType<typeof createSessionRecorder>;
