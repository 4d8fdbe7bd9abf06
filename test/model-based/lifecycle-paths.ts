import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { initialTransition, transition } from 'xstate';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import type { LifecycleEvent, LifecycleInput } from '../../machines/lifecycle-types.js';
import { callSignature } from '../../src/conversation/call-signature.js';
import { resolveLifecycleOptions, type LifecycleOptions } from '../../src/session/lifecycle-options.js';
import { TOOL_NAMES, toolsForTraversal } from '../support/model-based-tools.js';
import { kindOfCall, SAME_QUERY } from './call-kinds.js';
import { CheckedCalls } from './checked-calls.js';
import { eventCases, valueKey, type LifecycleSnapshot, type PathEvent, type World } from './lifecycle-events.js';
import { streamedEventsFor } from './model-replies.js';

/**
 * Generates the paths the model-based suite replays, from the machine definition alone:
 * - shortest paths to every abstract state (state value + how it was entered + the context that
 *   steers the guards and the actors), reduced to a set that still takes every edge at least once,
 *   each continued to the end of its turn;
 * - bounded simple paths through the tool loop, one per shape of a turn up to the step limit and
 *   the loop limit.
 */

export const MODEL = 'model-based';

/** The options a path's session is created with. */
export interface PathConfig {
  name: string;
  parallelToolCalls: boolean;
  maxSteps: number;
  loopLimit: number;
  stream: boolean;
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

/** Two tool rounds fit before the step limit, so one path can take a follow-up round and then hit the limit. */
const base = { maxSteps: 2, loopLimit: 3, messages: [SYSTEM] };

const PATH_CONFIGS: readonly PathConfig[] = [
  { name: 'parallel', parallelToolCalls: true, stream: false, ...base },
  { name: 'sequential', parallelToolCalls: false, stream: false, ...base },
  { name: 'streaming', parallelToolCalls: true, stream: true, ...base },
];

/** Room for three rounds, so a call asked once per round reaches the loop limit before the step limit. */
const LOOP_CONFIG: PathConfig = { ...base, name: 'loop', parallelToolCalls: true, stream: false, maxSteps: 3 };

/** The session options of a config, minus what only the replay has (client, real tools). */
export function sessionOptions(config: PathConfig): LifecycleOptions {
  const { parallelToolCalls, maxSteps, loopLimit, stream, messages } = config;
  return { model: MODEL, parallelToolCalls, maxSteps, loopLimit, stream, messages };
}

/** The machine input exactly as `createLifecycleMachine` derives it from the session options. */
export function lifecycleInput(config: PathConfig): LifecycleInput {
  return resolveLifecycleOptions({ ...sessionOptions(config), tools: toolsForTraversal() }).input;
}

const checks = new CheckedCalls();
const world: World = { model: MODEL, checks };

function errorKey(snapshot: LifecycleSnapshot): string {
  const error = snapshot.context.lastError;
  if (!error) return 'none';
  if (error.name === 'InvalidTurnError') return `InvalidTurnError(${error.reason})`;
  if (error.name === 'ApiRequestError') return `ApiRequestError(${error.stage})`;
  return error.name;
}

const SAME_SIGNATURE = callSignature(TOOL_NAMES.lookup, { query: SAME_QUERY }, '');

/**
 * What the guards, the actors and the event cases can see: the state value, the step count, a
 * forced answer, the calls being checked and the calls of the round (which execution, what runs
 * next, when the round is over), how often the repeatable call was asked, and the error (which
 * retry). Nothing else of the context decides a route.
 */
function contextKey(snapshot: LifecycleSnapshot): string {
  const { turn, maxSteps, loopLimit } = snapshot.context;
  const requested = turn.requested.map((call) => kindOfCall(call.name, call.arguments));
  const round = turn.toolCalls.map(
    (call) => `${kindOfCall(call.name, call.rawArguments)}:${call.status}${call.status === 'failed' ? `(${call.error.kind})` : ''}`,
  );
  // Past a limit only "at the limit" matters; clamping keeps the key space finite.
  const same = Math.min(turn.repeats.find((entry) => entry.signature === SAME_SIGNATURE)?.count ?? 0, loopLimit);
  const steps = Math.min(turn.steps, maxSteps);
  return `steps ${steps} | forced ${turn.forcedAnswer} | requested [${requested}] | round [${round}] | same ${same} | error ${errorKey(snapshot)}`;
}

function labelOf(event: LifecycleEvent | undefined): string {
  return event && 'label' in event ? String(event.label) : 'init';
}

/** Including how the state was entered makes shortest paths reach every edge, not just every state. */
function edgeKey(snapshot: LifecycleSnapshot, event: LifecycleEvent | undefined, previous: LifecycleSnapshot | undefined): string {
  const from = previous ? valueKey(previous.value) : '-';
  return `${valueKey(snapshot.value)} <-${labelOf(event)}- ${from} | ${contextKey(snapshot)}`;
}

/**
 * The unit of edge coverage: a source state, an event case, a target state (for failures, which
 * error). A reply in a streaming config and a round checked with parallel calls off count apart,
 * so those configs get paths of their own; so does a cancel or a resume for each set of calls it
 * interrupts (what a resume does depends on which calls were running, of which effect).
 */
function edgeClass(config: PathConfig, from: LifecycleSnapshot, event: LifecycleEvent, to: LifecycleSnapshot): string {
  const failure = to.matches('failed') ? ` (${errorKey(to)})` : '';
  const label = labelOf(event);
  const streamed = config.stream && event.type === 'model.replied' ? ' (streamed)' : '';
  const parallelOff = !config.parallelToolCalls && event.type === 'tools.checked' ? ' (parallel off)' : '';
  const interrupts =
    (event.type === 'cancel' || event.type === 'resume') && from.matches('executing') ? ` of [${openCalls(from).join(',')}]` : '';
  return `${valueKey(from.value)} -${label}${interrupts}-> ${valueKey(to.value)}${failure}${streamed}${parallelOff}`;
}

function openCalls(snapshot: LifecycleSnapshot): string[] {
  return snapshot.context.turn.toolCalls.flatMap((call) =>
    call.status === 'pending' || call.status === 'running' ? [`${kindOfCall(call.name, call.rawArguments)}:${call.status}`] : [],
  );
}

function edgeClasses(path: GeneratedPath): string[] {
  return path.steps.slice(1).map((step, index) => edgeClass(path.config, path.steps[index]!.state, step.event!, step.state));
}

/** Far above what the current machine needs, low enough to fail in seconds rather than hang. */
const TRAVERSAL_LIMIT = 200_000;

function traversalOptions(config: PathConfig) {
  return {
    input: lifecycleInput(config),
    limit: TRAVERSAL_LIMIT,
    events: (snapshot: LifecycleSnapshot) => eventCases(snapshot, world),
    // Two settle events differ only by call id; the id keeps both in the adjacency map.
    serializeEvent: (event: LifecycleEvent) => `${labelOf(event)}${event.type === 'tool.settled' ? ` ${event.toolCallId}` : ''}`,
  };
}

type GraphPath = { steps: Array<{ event: LifecycleEvent; state: LifecycleSnapshot }> };

/** A traversal that never ends means some context value in the keys grows without bound: say so. */
function bounded<T>(config: PathConfig, traverse: () => T): () => T {
  return () => {
    try {
      return traverse();
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('Traversal limit exceeded')) throw error;
      throw new Error(
        `[${config.name}] the traversal visited more than ${TRAVERSAL_LIMIT} states: the machine can now reach ` +
          'unboundedly many distinct keys. Bound the value in contextKey() (test/model-based/lifecycle-paths.ts) or fix the loop.',
      );
    }
  };
}

/**
 * @xstate/graph hands back each step's state from a map keyed by the serialized state, which later
 * relaxations overwrite: with deliberately lossy keys the states of one path need not form one
 * trace. So a path keeps only its labels, and its states (and the ids and payloads in its events)
 * are re-derived by stepping the machine's pure `transition` from the initial state.
 */
function materialize(config: PathConfig, origin: GeneratedPath['origin'], labels: readonly string[]): GeneratedPath {
  const [initial] = initialTransition(lifecycleMachine, lifecycleInput(config));
  return named(config, origin, follow(config, [{ event: undefined, state: initial }], labels));
}

/**
 * Steps the pure machine on from the last of `steps`, one event case per label. In a streaming
 * config each reply is preceded by the deltas the request actor reports while it reads the stream.
 */
function follow(config: PathConfig, steps: readonly PathStep[], labels: readonly string[]): PathStep[] {
  const followed = [...steps];
  let state = followed.at(-1)!.state;
  const take = (event: PathEvent) => {
    [state] = transition(lifecycleMachine, state, event);
    followed.push({ event, state });
  };
  for (const label of labels) {
    const event = eventCases(state, world).find((candidate) => candidate.label === label);
    if (!event) throw new Error(`[${config.name}] no "${label}" case in ${valueKey(state.value)} after ${followed.length - 1} steps`);
    if (config.stream && event.type === 'model.replied' && event.script && !('error' in event.script) && !('raw' in event.script)) {
      for (const streamed of streamedEventsFor(event.script, MODEL)) {
        const label = `model.streamed(${streamed.type})`;
        take({ type: 'model.streamed', requestId: event.requestId, event: streamed, label, script: event.script });
      }
    }
    take(event);
  }
  return followed;
}

function named(config: PathConfig, origin: GeneratedPath['origin'], steps: PathStep[]): GeneratedPath {
  const route = steps
    .filter((step) => step.event?.type !== 'model.streamed')
    .map((step) => (step.event ? ` -${step.event.label}-> ${valueKey(step.state.value)}` : valueKey(step.state.value)))
    .join('');
  return { name: `[${config.name}] ${route}`, config, origin, steps };
}

const labelsOf = (path: GraphPath) => path.steps.slice(1).map((step) => labelOf(step.event));

interface Candidate {
  config: PathConfig;
  labels: string[];
  classes: Set<string>;
}

async function shortestCandidates(config: PathConfig): Promise<Candidate[]> {
  const paths = await checks.traverseUntilChecked(
    bounded(config, () => getShortestPaths(lifecycleMachine, { ...traversalOptions(config), serializeState: edgeKey })),
  );
  return paths.map((path) => ({
    config,
    labels: labelsOf(path),
    // The values and error kinds are part of the keys, so the graph's own states are right about them.
    classes: new Set(path.steps.slice(1).map((step, index) => edgeClass(config, path.steps[index]!.state, step.event, step.state))),
  }));
}

/**
 * Greedy set cover: repeatedly keep the path that takes the most edges no kept path takes yet
 * (shorter first on a tie), until every edge some shortest path takes is taken.
 */
function coveringSubset(candidates: readonly Candidate[]): Candidate[] {
  const covered = new Set<string>();
  const chosen: Candidate[] = [];
  for (;;) {
    let best: Candidate | undefined;
    let bestGain = 0;
    for (const candidate of candidates) {
      let gain = 0;
      for (const edge of candidate.classes) if (!covered.has(edge)) gain += 1;
      if (gain > bestGain || (gain === bestGain && gain > 0 && best && candidate.labels.length < best.labels.length)) {
        best = candidate;
        bestGain = gain;
      }
    }
    if (!best) return chosen;
    chosen.push(best);
    for (const edge of best.classes) covered.add(edge);
  }
}

const isRest = (snapshot: LifecycleSnapshot) =>
  (snapshot.matches('idle') && snapshot.context.turn.number > 0) || snapshot.matches('failed') || snapshot.matches('cancelled');

/** What ends a turn soonest without new routes: a plain answer, every tool fine, every approval given. */
function finishingLabel(snapshot: LifecycleSnapshot): string | undefined {
  const cases = eventCases(snapshot, world);
  const finishing = (event: PathEvent) =>
    event.label === 'answer[]' ||
    event.type === 'tools.checked' ||
    event.type === 'tool.started' ||
    (event.type === 'tool.settled' && (event.outcomeKind === 'ok' || event.outcomeKind === 'timeout')) ||
    event.label === 'approval.decided(approve)';
  return cases.find(finishing)?.label;
}

/**
 * A path that stops mid-turn (in `deciding`, `executing`, `awaitingApproval`…) is continued to the
 * end of its turn, so the end-of-turn invariants run after every event case too.
 */
function completeTurn(path: GeneratedPath): GeneratedPath {
  let steps = path.steps;
  for (let guard = 0; !isRest(steps.at(-1)!.state); guard += 1) {
    const label = finishingLabel(steps.at(-1)!.state);
    if (!label || guard > 50) throw new Error(`${path.name}: no way to finish the turn from ${valueKey(steps.at(-1)!.state.value)}`);
    steps = follow(path.config, steps, [label]);
  }
  return steps === path.steps ? path : named(path.config, path.origin, steps);
}

/** The turn shapes the simple paths combine: plain rounds of fine calls, and the repeatable call. */
const LOOP_LABELS = new Set([
  'user.message',
  'answer[]',
  'answer[read]',
  'answer[same]',
  'tools.checked',
  'tool.settled(read:ok)',
  'tool.settled(same:ok)',
]);

/**
 * Every simple path of one turn that goes round the loop again after its first round, with plain
 * rounds only (the shortest paths cover the bad inputs and failures). The step limit bounds them.
 */
async function loopPaths(config: PathConfig): Promise<GeneratedPath[]> {
  const options = traversalOptions(config);
  const paths = await checks.traverseUntilChecked(
    bounded(config, () =>
      getSimplePaths(lifecycleMachine, {
        ...options,
        events: (snapshot: LifecycleSnapshot) => options.events(snapshot).filter((event) => LOOP_LABELS.has(event.label)),
        serializeState: (snapshot: LifecycleSnapshot) => `${valueKey(snapshot.value)} | ${contextKey(snapshot)}`,
        toState: isRest,
      }),
    ),
  );
  return paths
    .map((path) => materialize(config, 'simple', labelsOf(path)))
    .filter((path) => edgeClasses(path).some((edge) => /^responding -answer\[(read|same)\]-> calling/.test(edge)));
}

/** The suite's paths: an edge-covering set of shortest paths over every config, each to the end of its turn, plus the loop paths. */
export async function generatePaths(): Promise<GeneratedPath[]> {
  const candidates: Candidate[] = [];
  // One after another: the configs share the checks' cache.
  for (const config of PATH_CONFIGS) candidates.push(...(await shortestCandidates(config)));
  const shortest = coveringSubset(candidates).map((candidate) => completeTurn(materialize(candidate.config, 'shortest', candidate.labels)));
  return [...shortest, ...(await loopPaths(LOOP_CONFIG))];
}
