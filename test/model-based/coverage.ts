import { getStateNodes } from '@xstate/graph';
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, InspectionEvent, StateValue } from 'xstate';

/**
 * State and transition coverage of live actors, against what the machine definition declares.
 * A transition is one guarded branch: `deciding` on done with tool calls and without are two.
 * Keys use state ids and branch positions, not object identity, because `machine.provide()` (which
 * `createLifecycleMachine` uses) clones every state node.
 */

export interface DefinedTransition {
  key: string;
  /** e.g. `responding --xstate.done.actor.requestCompletion [asksForAnotherStep]--> calling`. */
  description: string;
}

function branchesOf(node: AnyStateNode): Array<[eventType: string, branches: readonly AnyTransitionDefinition[]]> {
  // Eventless (`always`) transitions live apart from the `on`/invoke map, under the empty event type.
  return [
    ...node.transitions.entries(),
    ...(node.always?.length ? [['', node.always] as [string, AnyTransitionDefinition[]]] : []),
  ];
}

function keyOf(sourceId: string, eventType: string, branch: number): string {
  return `${sourceId}|${eventType || 'always'}|${branch}`;
}

function short(id: string): string {
  return id.split('.').slice(1).join('.');
}

function guardName(transition: AnyTransitionDefinition): string | undefined {
  const guard: unknown = transition.guard;
  if (typeof guard === 'string') return guard;
  if (guard && typeof guard === 'object' && 'type' in guard) return String(guard.type);
  if (typeof guard === 'function') return guard.name || 'inline guard';
  return undefined;
}

export function definedStates(machine: AnyStateMachine): string[] {
  return getStateNodes(machine).map((node) => node.id);
}

export function definedTransitions(machine: AnyStateMachine): DefinedTransition[] {
  return getStateNodes(machine).flatMap((node) =>
    branchesOf(node).flatMap(([eventType, branches]) =>
      branches.map((transition, branch) => {
        const guard = guardName(transition);
        const targets = transition.target?.map((target) => short(target.id)).join(', ') ?? '(no target)';
        return {
          key: keyOf(node.id, eventType, branch),
          description: `${short(node.id)} --${eventType || 'always'}${guard ? ` [${guard}]` : ''}--> ${targets}`,
        };
      }),
    ),
  );
}

/** State node ids active in a state value, parents included: `{ executing: 'single' }` → executing, executing.single. */
export function activeStateIds(machineId: string, value: StateValue, prefix = machineId): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...(child === undefined ? [] : activeStateIds(machineId, child, `${prefix}.${key}`)),
  ]);
}

export interface CoverageReport {
  line: string;
  missingStates: string[];
  missingTransitions: string[];
}

export class CoverageRecorder {
  private readonly states = new Set<string>();
  private readonly transitions = new Set<string>();

  /** Feed it the root actor's inspection events; microsteps include the transient states and `always` branches. */
  observe(event: InspectionEvent): void {
    if (event.type === '@xstate.microstep') {
      for (const transition of event._transitions) this.transitions.add(takenKey(transition));
    }
    if (event.type === '@xstate.microstep' || event.type === '@xstate.snapshot') {
      const snapshot = event.snapshot as { value?: StateValue; machine?: AnyStateMachine };
      if (snapshot.value !== undefined && snapshot.machine) {
        for (const id of activeStateIds(snapshot.machine.id, snapshot.value)) this.states.add(id);
      }
    }
  }

  report(machine: AnyStateMachine): CoverageReport {
    const states = definedStates(machine);
    const transitions = definedTransitions(machine);
    const missingStates = states.filter((id) => !this.states.has(id)).map(short);
    const missingTransitions = transitions
      .filter((transition) => !this.transitions.has(transition.key))
      .map((transition) => transition.description);
    const line =
      `states covered ${states.length - missingStates.length}/${states.length}, ` +
      `transitions covered ${transitions.length - missingTransitions.length}/${transitions.length}`;
    return { line, missingStates, missingTransitions };
  }
}

function takenKey(transition: AnyTransitionDefinition): string {
  const source = transition.source;
  const branches = transition.eventType === '' ? (source.always ?? []) : (source.transitions.get(transition.eventType) ?? []);
  return keyOf(source.id, transition.eventType, branches.indexOf(transition));
}
