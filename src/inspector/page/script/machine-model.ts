import { allStates, type MachineGraph } from '../../diagram/machine-graph.js';

/**
 * What the page knows about the machine, all of it derived from `/machine.json` (the definition's
 * own states, their `meta.stage` and transitions): the page names no state and no stage itself.
 */
export interface MachineModel {
  /** Stage names, in the order the machine defines its states. */
  stages: string[];
  /** The state a session starts in. */
  initial: string | undefined;
  /** Top-level states with no stage anywhere inside: where the machine rests between turns. */
  restStates: string[];
  /** The stage of a state value such as `executing.parallel`; a state inherits its parent's. */
  stageOf(state: string): string | undefined;
  /** The top-level state of a value such as `executing.parallel` (the first region's, for parallel states). */
  topOf(state: string): string;
  /** A transition's label (`done: requestCompletion [completionHasToolCalls]`) by its diagram id. */
  transitionLabel(id: string): string | undefined;
}

export const EMPTY_GRAPH: MachineGraph = { id: '', states: [], initial: undefined, transitions: [] };

export function machineModel(graph: MachineGraph): MachineModel {
  const states = allStates(graph);
  const stageByPath = new Map(states.map((state) => [state.path, state.stage]));
  const labels = new Map(graph.transitions.map((transition) => [transition.id, transition.label]));
  const stages = [...new Set(states.flatMap((state) => (state.stage === undefined ? [] : [state.stage])))];
  const hasStage = (path: string) => states.some((state) => state.stage !== undefined && (state.path === path || state.path.startsWith(`${path}.`)));

  const stageOf = (state: string) => {
    for (const region of state.split(',')) {
      const parts = region.split('.');
      for (let depth = parts.length; depth > 0; depth -= 1) {
        const stage = stageByPath.get(parts.slice(0, depth).join('.'));
        if (stage !== undefined) return stage;
      }
    }
    return undefined;
  };

  return {
    stages,
    initial: graph.initial,
    restStates: graph.states.filter((state) => !hasStage(state.path)).map((state) => state.path),
    stageOf,
    topOf: (state) => state.split(',')[0]!.split('.')[0]!,
    transitionLabel: (id) => labels.get(id),
  };
}
