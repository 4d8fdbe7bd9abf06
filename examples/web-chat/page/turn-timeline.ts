import type { SessionMachine, Stage } from 'toolcycle';
import { stageOf, stateName } from 'toolcycle/react';
import type { InspectionEvent, SnapshotFrom } from 'xstate';

/** What the page draws of a turn beyond the session's own state: the way it went. */
export interface TurnTimeline {
  turn: number;
  /** Stages in the order the turn first entered them, `connect` included (it passes in one step). */
  stages: Stage[];
  /** Every state the turn entered, e.g. `deciding`, `executing.parallel`. */
  states: string[];
  /** Answer deltas streamed in this turn. */
  contentDeltas: number;
}

type Snapshot = SnapshotFrom<SessionMachine>;

const EMPTY: TurnTimeline = { turn: 0, stages: [], states: [], contentDeltas: 0 };

/**
 * An XState inspector (`useSession({ inspect })`) that follows the session's microsteps: a
 * subscriber sees only where each step ends, and `connecting` is left in the same step it is
 * entered. A store for `useSyncExternalStore`.
 */
export function turnTimeline() {
  let timeline = EMPTY;
  const listeners = new Set<() => void>();
  const update = (next: TurnTimeline) => {
    timeline = next;
    for (const listener of listeners) listener();
  };

  const onMicrostep = (snapshot: Snapshot) => {
    const { turn } = snapshot.context;
    const state = stateName(snapshot.value);
    // A new turn starts in `connecting`, before `turn.number` counts it.
    const starting = state === 'connecting';
    let next = starting ? { ...EMPTY, turn: turn.number + 1 } : timeline;
    const stage = stageOf(snapshot);
    if (stage && !next.stages.includes(stage)) next = { ...next, stages: [...next.stages, stage] };
    if (next.states.at(-1) !== state) next = { ...next, states: [...next.states, state] };
    if (next !== timeline) update(next);
  };

  return {
    inspect(event: InspectionEvent) {
      // Only the session's own machine, not the request or tool actors it invokes.
      if (event.actorRef.sessionId !== event.rootId) return;
      if (event.type === '@xstate.microstep') onMicrostep(event.snapshot as Snapshot);
      else if (event.type === '@xstate.event' && isContentDelta(event.event)) {
        update({ ...timeline, contentDeltas: timeline.contentDeltas + 1 });
      }
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => timeline,
  };
}

function isContentDelta(event: { type: string; event?: unknown }): boolean {
  return event.type === 'model.streamed' && (event.event as { type?: unknown } | undefined)?.type === 'content.delta';
}
