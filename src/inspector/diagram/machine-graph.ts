import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/**
 * A statechart reduced to what a picture needs: the state tree and every transition with its
 * trigger and guard. Built from the machine definition itself, so a diagram cannot say something
 * the code does not do.
 */
export interface MachineGraph {
  id: string;
  /** Top-level states, in definition order; compound states carry their children. */
  states: GraphState[];
  /** Path of the root's initial state. */
  initial: string | undefined;
  transitions: GraphTransition[];
}

export interface GraphState {
  /** Dotted path from the root, e.g. `executing.parallel`. */
  path: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Path of the initial child (compound states only). */
  initial: string | undefined;
  children: GraphState[];
  /** Invoked actor ids, in definition order. */
  invokes: string[];
  /** Its own `meta.stage`, the lifecycle stage it belongs to; rest states have none, substates take their parent's. */
  stage: string | undefined;
}

export type TransitionTrigger =
  { kind: 'event'; event: string } | { kind: 'always' } | { kind: 'done'; actor: string } | { kind: 'error'; actor: string };

export interface GraphTransition {
  /** Stable DOM id; the inspector computes the same id for a transition it sees taken. */
  id: string;
  source: string;
  /** Undefined for a targetless transition: it runs its actions and stays put. */
  target: string | undefined;
  trigger: TransitionTrigger;
  guard: string | undefined;
  reenter: boolean;
  /** Human label, e.g. `done: requestCompletion [completionHasToolCalls]`. */
  label: string;
}

const DONE_ACTOR = 'xstate.done.actor.';
const ERROR_ACTOR = 'xstate.error.actor.';

export function statePath(node: AnyStateNode): string {
  return node.path.join('.');
}

/** DOM id of a state's group in the rendered SVG. */
export function stateDomId(path: string): string {
  return `state-${path}`;
}

function edgeDomId(source: string, triggerName: string, index: number, targetIndex: number): string {
  // Only parallel-region targets have more than one target; keep the common id short.
  return `edge-${source}-${triggerName}-${index}${targetIndex > 0 ? `-${targetIndex}` : ''}`.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

/** The DOM ids of the diagram edges a taken transition (from an `@xstate.microstep` event) corresponds to. */
export function takenEdgeIds(transition: AnyTransitionDefinition): string[] {
  const source: AnyStateNode = transition.source;
  const alwaysIndex = source.always?.indexOf(transition) ?? -1;
  const index = alwaysIndex >= 0 ? alwaysIndex : (source.transitions.get(transition.eventType)?.indexOf(transition) ?? -1);
  // The initial transition and transitions XState makes up internally are not drawn.
  if (index < 0) return [];
  const triggerName = alwaysIndex >= 0 ? 'always' : transition.eventType;
  const targets = transition.target?.length ?? 1;
  return Array.from({ length: targets }, (_, targetIndex) => edgeDomId(statePath(source), triggerName, index, targetIndex));
}

export function guardName(guard: AnyTransitionDefinition['guard']): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inline guard';
  return typeof guard.type === 'string' ? guard.type : 'inline guard';
}

function triggerOf(eventType: string): TransitionTrigger {
  if (eventType.startsWith(DONE_ACTOR)) return { kind: 'done', actor: eventType.slice(DONE_ACTOR.length) };
  if (eventType.startsWith(ERROR_ACTOR)) return { kind: 'error', actor: eventType.slice(ERROR_ACTOR.length) };
  return { kind: 'event', event: eventType };
}

export function triggerLabel(trigger: TransitionTrigger): string {
  switch (trigger.kind) {
    case 'event':
      return trigger.event;
    case 'always':
      return 'always';
    case 'done':
      return `done: ${trigger.actor}`;
    case 'error':
      return `error: ${trigger.actor}`;
  }
}

function describeTransitions(
  list: readonly AnyTransitionDefinition[],
  triggerName: string,
  trigger: TransitionTrigger,
): GraphTransition[] {
  return list.flatMap((transition, index) => {
    const source = statePath(transition.source);
    const guard = guardName(transition.guard);
    const label = `${triggerLabel(trigger)}${guard ? ` [${guard}]` : ''}`;
    const targets: (AnyStateNode | undefined)[] = transition.target?.length ? [...transition.target] : [undefined];
    return targets.map((target, targetIndex) => ({
      id: edgeDomId(source, triggerName, index, targetIndex),
      source,
      target: target ? statePath(target) : undefined,
      trigger,
      guard,
      reenter: transition.reenter,
      label,
    }));
  });
}

function describeState(node: AnyStateNode): GraphState {
  const children = Object.values(node.states).map(describeState);
  const initialTarget = node.type === 'compound' ? node.initial?.target[0] : undefined;
  return {
    path: statePath(node),
    key: node.key,
    type: node.type,
    initial: initialTarget ? statePath(initialTarget) : undefined,
    children,
    invokes: node.invoke.map((invoke) => invoke.id),
    stage: typeof node.meta?.stage === 'string' ? node.meta.stage : undefined,
  };
}

function collectTransitions(node: AnyStateNode): GraphTransition[] {
  // Definition order throughout: guarded branches are tried in this order, so it carries meaning.
  const own = [
    ...[...node.transitions.entries()].flatMap(([eventType, list]) => describeTransitions(list, eventType, triggerOf(eventType))),
    ...describeTransitions(node.always ?? [], 'always', { kind: 'always' }),
  ];
  return [...own, ...Object.values(node.states).flatMap(collectTransitions)];
}

export function describeMachine(machine: AnyStateMachine): MachineGraph {
  const root = machine.root;
  const top = Object.values(root.states).map(describeState);
  const initial = root.initial?.target[0];
  return {
    id: machine.id,
    states: top,
    initial: initial ? statePath(initial) : undefined,
    // Root-level `on` handlers apply in every state; there is no box to draw them from.
    transitions: collectTransitions(root).filter((transition) => transition.source !== ''),
  };
}

/** Every state of the graph, parents before their children. */
export function allStates(graph: MachineGraph): GraphState[] {
  const walk = (states: GraphState[]): GraphState[] => states.flatMap((state) => [state, ...walk(state.children)]);
  return walk(graph.states);
}
