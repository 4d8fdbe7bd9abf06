import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { initialTransition, transition } from 'xstate';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import type { LifecycleEvent, LifecycleInput } from '../../machines/lifecycle-types.js';
import { createToolbox } from '../../src/tool-calls/toolbox.js';
import { LOOKUP_TOOL_NAME, lookupTools } from '../support/model-based-tools.js';
import { asMachineEvent, eventCases, valueKey, type LifecycleSnapshot, type PathEvent } from './lifecycle-events.js';

/**
 * Generates the paths the model-based suite replays, from the machine definition alone:
 * - shortest paths to every abstract state (state value + how it was entered + the context that
 *   steers the guards), reduced to a set that still takes every edge at least once, each continued
 *   to the end of its turn;
 * - bounded simple paths through the tool loop (calling → executing → responding → calling),
 *   one per shape of a turn up to the step limit.
 */

/** The options a session is created with; some are deliberately invalid to reach `connecting → failed`. */
export interface PathConfig {
  name: string;
  model: string;
  parallelToolCalls: boolean;
  maxSteps: number;
  messages: ChatCompletionMessageParam[];
}

export interface PathStep {
  /** Undefined for the first step, the initial state. */
  event: PathEvent | undefined;
  /** The model's state after `event`. */
  state: LifecycleSnapshot;
}

export interface GeneratedPath {
  name: string;
  config: PathConfig;
  origin: 'shortest' | 'simple';
  steps: PathStep[];
}

const SYSTEM: ChatCompletionMessageParam = { role: 'system', content: 'Answer briefly.' };

/** Two tool rounds fit before the limit, so one path can take a follow-up round and then hit the limit. */
export const MAX_STEPS = 2;

export const PATH_CONFIGS: readonly PathConfig[] = [
  { name: 'parallel', model: 'model-based', parallelToolCalls: true, maxSteps: MAX_STEPS, messages: [SYSTEM] },
  { name: 'sequential', model: 'model-based', parallelToolCalls: false, maxSteps: MAX_STEPS, messages: [SYSTEM] },
  { name: 'no model', model: '', parallelToolCalls: true, maxSteps: MAX_STEPS, messages: [SYSTEM] },
  { name: 'maxSteps 0', model: 'model-based', parallelToolCalls: true, maxSteps: 0, messages: [SYSTEM] },
  {
    name: 'unanswered call in history',
    model: 'model-based',
    parallelToolCalls: true,
    maxSteps: MAX_STEPS,
    messages: [
      SYSTEM,
      { role: 'user', content: 'Earlier question.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'dangling', type: 'function', function: { name: LOOKUP_TOOL_NAME, arguments: '{"query":"x"}' } }],
      },
    ],
  },
];

/** Turn shapes the simple paths combine: plain rounds of one or two calls, each settling fine. */
const LOOP_LABELS = new Set(['user.message', 'answer[]', 'answer[valid]', 'answer[valid,valid]', 'tool.settled(#0:ok)']);

export function traversalInput(config: PathConfig): LifecycleInput {
  return {
    model: config.model,
    // The traversal never runs a tool; it only needs the names and schemas the checks use.
    toolbox: createToolbox(lookupTools(() => undefined)),
    parallelToolCalls: config.parallelToolCalls,
    maxSteps: config.maxSteps,
    messages: config.messages,
  };
}

function errorKey(snapshot: LifecycleSnapshot): string {
  const error = snapshot.context.lastError;
  if (!error) return 'none';
  if (error.name === 'InvalidTurnError' && 'reason' in error) return `InvalidTurnError(${error.reason})`;
  if (error.name === 'ApiRequestError' && 'stage' in error) return `ApiRequestError(${error.stage})`;
  return error.name;
}

function labelOf(event: LifecycleEvent | PathEvent | undefined): string {
  return event && 'label' in event ? event.label : 'init';
}

/** Which tools the pending calls name, in order: how many decides the execution, which decides the outcomes. */
function pendingTools(snapshot: LifecycleSnapshot): string {
  return snapshot.context.turn.toolCalls
    .filter((call) => call.status === 'pending')
    .map((call) => call.name)
    .join(',');
}

/**
 * What the guards and the event cases can see: the state value, the step count (step limit), the
 * pending calls (which execution, when a round is over, which outcomes) and the error (which
 * retry). Including how the state was entered makes shortest paths reach every edge, not just
 * every state.
 */
function edgeKey(
  snapshot: LifecycleSnapshot,
  event: LifecycleEvent | undefined,
  previous: LifecycleSnapshot | undefined,
): string {
  const from = previous ? valueKey(previous.value) : '-';
  return `${valueKey(snapshot.value)} <-${labelOf(event)}- ${from} | ${contextKey(snapshot)}`;
}

function contextKey(snapshot: LifecycleSnapshot): string {
  // Past the limit only "at the limit" matters to the guards; clamping keeps the key space finite.
  const steps = Math.min(snapshot.context.turn.steps, snapshot.context.maxSteps);
  return `steps ${steps} | pending [${pendingTools(snapshot)}] | error ${errorKey(snapshot)}`;
}

/** The unit of edge coverage: a source state, an event case, a target state (and, for failures, which error). */
export function edgeClass(from: LifecycleSnapshot, event: PathEvent, to: LifecycleSnapshot): string {
  const failure = to.matches('failed') ? ` (${errorKey(to)})` : '';
  return `${valueKey(from.value)} -${event.label}-> ${valueKey(to.value)}${failure}`;
}

export function edgeClasses(path: GeneratedPath): string[] {
  const classes: string[] = [];
  for (let index = 1; index < path.steps.length; index += 1) {
    const step = path.steps[index]!;
    classes.push(edgeClass(path.steps[index - 1]!.state, step.event!, step.state));
  }
  return classes;
}

/** Far above what the current machine needs (a few thousand), low enough to fail in seconds rather than hang. */
const TRAVERSAL_LIMIT = 50_000;

const traversalOptions = (config: PathConfig) => ({
  input: traversalInput(config),
  limit: TRAVERSAL_LIMIT,
  events: (snapshot: LifecycleSnapshot) => eventCases(snapshot).map(asMachineEvent),
  // Two settle events differ only by call id; the id keeps both in the adjacency map.
  serializeEvent: (event: LifecycleEvent) => `${labelOf(event)}${event.type === 'tool.settled' ? ` ${event.toolCallId}` : ''}`,
});

type GraphPath = { steps: Array<{ event: LifecycleEvent }> };

/**
 * @xstate/graph hands back each step's state from a map keyed by the serialized state, which later
 * relaxations overwrite: with our deliberately lossy keys the states of one path need not form one
 * trace. So a path keeps only its labels, and its states (and the call ids in its events) are
 * re-derived here by stepping the machine's pure `transition` from the initial state.
 */
function materialize(config: PathConfig, origin: GeneratedPath['origin'], path: GraphPath): GeneratedPath {
  const [initial] = initialTransition(lifecycleMachine, traversalInput(config));
  // Every graph path starts with an `xstate.init` step.
  const labels = path.steps.slice(1).map((step) => labelOf(step.event));
  return named(config, origin, follow(config, [{ event: undefined, state: initial }], labels));
}

/** Steps the pure machine on from the last of `steps`, one event case per label. */
function follow(config: PathConfig, steps: readonly PathStep[], labels: readonly string[]): PathStep[] {
  const followed = [...steps];
  let state = followed.at(-1)!.state;
  for (const label of labels) {
    const event = eventCases(state).find((candidate) => candidate.label === label);
    if (!event)
      throw new Error(`[${config.name}] no "${label}" case in ${valueKey(state.value)} after ${followed.length - 1} steps`);
    [state] = transition(lifecycleMachine, state, asMachineEvent(event));
    followed.push({ event, state });
  }
  return followed;
}

function named(config: PathConfig, origin: GeneratedPath['origin'], steps: PathStep[]): GeneratedPath {
  const route = steps
    .map((step) => (step.event ? ` -${step.event.label}-> ${valueKey(step.state.value)}` : valueKey(step.state.value)))
    .join('');
  return { name: `[${config.name}] ${route}`, config, origin, steps };
}

/** A traversal that never ends means some context value in the keys grows without bound: say so. */
function bounded<T>(config: PathConfig, traverse: () => T): T {
  try {
    return traverse();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('Traversal limit exceeded')) throw error;
    throw new Error(
      `[${config.name}] the traversal visited more than ${TRAVERSAL_LIMIT} states: the machine can now reach ` +
        'unboundedly many distinct keys. Bound the value in contextKey() (test/model-based/lifecycle-paths.ts) or fix the loop.',
    );
  }
}

export function shortestPaths(config: PathConfig): GeneratedPath[] {
  const paths = bounded(config, () =>
    getShortestPaths(lifecycleMachine, { ...traversalOptions(config), serializeState: edgeKey }),
  );
  return paths.map((path) => materialize(config, 'shortest', path));
}

const turnCompleted = (snapshot: LifecycleSnapshot) => snapshot.matches('idle') && snapshot.context.turn.stopReason !== undefined;
const turnIsOver = (snapshot: LifecycleSnapshot) =>
  turnCompleted(snapshot) || snapshot.matches('failed') || snapshot.matches('cancelled');

/**
 * Every simple path of one turn that goes round the loop again after its first round, with plain
 * rounds only (the shortest paths cover the bad inputs and failures). The step limit bounds them:
 * a turn cannot loop more than `maxSteps` times.
 */
export function loopPaths(config: PathConfig): GeneratedPath[] {
  const options = traversalOptions(config);
  const paths = bounded(config, () =>
    getSimplePaths(lifecycleMachine, {
      ...options,
      events: (snapshot: LifecycleSnapshot) => options.events(snapshot).filter((event) => LOOP_LABELS.has(labelOf(event))),
      serializeState: (snapshot: LifecycleSnapshot) => `${valueKey(snapshot.value)} | ${contextKey(snapshot)}`,
      toState: turnIsOver,
    }),
  );
  return paths
    .map((path) => materialize(config, 'simple', path))
    .filter((path) => edgeClasses(path).some((edge) => edge.startsWith('responding -answer[valid')));
}

/**
 * Greedy set cover: repeatedly keep the path that takes the most edges no kept path takes yet
 * (shorter first on a tie), until every edge some shortest path takes is taken.
 */
export function coveringSubset(paths: readonly GeneratedPath[]): GeneratedPath[] {
  const remaining = paths.map((path) => ({ path, classes: new Set(edgeClasses(path)) }));
  const covered = new Set<string>();
  const chosen: GeneratedPath[] = [];
  for (;;) {
    let best: (typeof remaining)[number] | undefined;
    let bestGain = 0;
    for (const candidate of remaining) {
      let gain = 0;
      for (const edge of candidate.classes) if (!covered.has(edge)) gain += 1;
      if (gain > bestGain || (gain === bestGain && gain > 0 && best && candidate.path.steps.length < best.path.steps.length)) {
        best = candidate;
        bestGain = gain;
      }
    }
    if (!best) return chosen;
    chosen.push(best.path);
    for (const edge of best.classes) covered.add(edge);
  }
}

/**
 * A path that stops mid-turn (in `deciding`, `executing`, `responding`) is continued along the
 * shortest way to a completed turn, so the end-of-turn invariants run after every event case too.
 */
export function completeTurn(path: GeneratedPath): GeneratedPath {
  const last = path.steps.at(-1)!.state;
  if (last.matches('idle') || last.matches('failed') || last.matches('cancelled')) return path;
  const endings = bounded(path.config, () =>
    getShortestPaths(lifecycleMachine, {
      ...traversalOptions(path.config),
      fromState: last,
      serializeState: (snapshot: LifecycleSnapshot) => `${valueKey(snapshot.value)} | ${contextKey(snapshot)}`,
      toState: turnCompleted,
    }),
  );
  const ending = endings.reduce<(typeof endings)[number] | undefined>(
    (best, candidate) => (!best || candidate.weight < best.weight ? candidate : best),
    undefined,
  );
  if (!ending) return path;
  const labels = ending.steps.slice(1).map((step) => labelOf(step.event));
  return named(path.config, path.origin, follow(path.config, path.steps, labels));
}

/** The suite's paths: an edge-covering set of shortest paths over every config, each to the end of its turn, plus the loop paths. */
export function generatePaths(): GeneratedPath[] {
  const shortest = coveringSubset(PATH_CONFIGS.flatMap(shortestPaths)).map(completeTurn);
  // A loop of single calls is the same with parallel on or off: keep the first config's copy.
  const routes = new Set<string>();
  const loops = PATH_CONFIGS.slice(0, 2)
    .flatMap(loopPaths)
    .filter((path) => {
      const route = path.name.slice(path.name.indexOf(']') + 1);
      if (routes.has(route)) return false;
      routes.add(route);
      return true;
    });
  return [...shortest, ...loops];
}
