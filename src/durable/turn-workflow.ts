import type { TurnErrorData } from '../conversation/errors.js';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { STATES } from '../../machines/lifecycle-states.js';
import type {
  ApprovalDecision,
  CheckToolCallsInput,
  ExecuteToolCallsInput,
  LifecycleContext,
  LifecycleEvent,
  ModelRequestInput,
} from '../../machines/lifecycle-types.js';
import { runsConcurrently } from '../../machines/turn-updates.js';
import type { RunnableToolCall, ToolCallOutcome } from '../conversation/tool-call-record.js';
import { turnResult } from '../session/turn-result.js';
import { checkDecisions, type DecisionCheck } from '../session/check-decisions.js';
import { lifecycleInputFor, withRunOptions } from '../session/lifecycle-options.js';
import type { ConversationStates } from './conversation-states.js';
import { DBOS } from './dbos.js';
import { DECISION_TOPIC, decisionEventOf, STOP_EVENT } from './durable-names.js';
import type { DecisionMessage, DecisionVerdict, DurableTurnInput, DurableTurnOutcome, TurnStop } from './durable-turn.js';
import { checkCalls, requestModel, runTool, runsTwiceSafely, type EffectRuntime } from './effect-steps.js';
import { readTurnInput } from './read-turn-input.js';

type LifecycleSnapshot = SnapshotFrom<typeof lifecycleMachine>;
type Actions = ReturnType<typeof transition<typeof lifecycleMachine>>[1];

/** What the machine asks to run next: an invoked actor's `src` and the input the machine computed for it. */
type Effect =
  | { src: 'requestModel'; input: ModelRequestInput }
  | { src: 'checkToolCalls'; input: CheckToolCallsInput }
  | { src: 'executeToolCalls'; input: ExecuteToolCallsInput };

/** Reported after every step of a turn: `replayed` when DBOS returned its recorded result instead of running it. */
export interface StepEvent {
  workflowId: string;
  step: string;
  replayed: boolean;
}

export interface TurnWorkflowDeps {
  effects: EffectRuntime;
  conversations: ConversationStates;
  /** Wakes clients waiting on the turn; a hint only (they also poll), so it may fail or repeat. */
  notify(workflowId: string): void;
  onStep?: (event: StepEvent) => void;
}

/** A decision may take days: each wait is a recorded `recv` with this timeout, and the turn simply waits again. */
const DECISION_WAIT_SECONDS = 3600;

/**
 * One turn of a conversation as a DBOS workflow, driven by the lifecycle machine itself. The machine
 * is stepped with XState's pure `transition()`, which runs nothing: each invoked actor comes back as
 * an `xstate.spawnChild` action with its `src` and computed input. The workflow runs that effect as a
 * DBOS step and feeds the machine the events the live actor would have sent. Everything outside the
 * steps is deterministic, so on recovery DBOS re-runs this function, the finished steps return their
 * recorded results, and the machine arrives at the same state without repeating any of them.
 *
 * Steps, named after what they are (DBOS checks the names on replay): `load`, `request:<requestId>`,
 * `check:<turn>:<step>`, `tool:<tool_call_id>`, `decide:<stop>:<attempt>`, `save`.
 */
export function createTurnWorkflow(deps: TurnWorkflowDeps) {
  return async function durableTurn(raw: DurableTurnInput): Promise<DurableTurnOutcome> {
    const workflowId = DBOS.workflowID ?? '';
    let stops = 0;

    const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      let ran = false;
      // No await before runStep: DBOS numbers a step when it is called, and concurrent calls must be numbered in call order.
      const value = await DBOS.runStep(() => ((ran = true), run()), { name });
      deps.onStep?.({ workflowId, step: name, replayed: !ran });
      return value;
    };
    const publish = async (stop: TurnStop) => {
      await DBOS.setEvent(STOP_EVENT, stop);
      deps.notify(workflowId);
    };
    const finish = async (outcome: DurableTurnOutcome) => {
      await publish({ seq: (stops += 1), final: true, outcome });
      return outcome;
    };

    const read = readTurnInput(raw);
    if (!read.ok) return finish({ ok: false, error: read.error });
    const input = read.input;
    const loaded = await step('load', () => deps.conversations.load(input.conversationId, input.turn));
    if (!loaded.ok) return finish({ ok: false, error: loaded.error });

    const start = loaded.snapshot
      ? lifecycleMachine.resolveState({ value: loaded.snapshot.state, context: withRunOptions(loaded.snapshot.context, input.options) })
      : initialTransition(lifecycleMachine, lifecycleInputFor(input.options, input.conversationId))[0];
    let [snapshot, actions] = transition(lifecycleMachine, start, { type: 'user.message', content: input.message });

    const runRound = async ({ mode, toolCalls }: ExecuteToolCallsInput): Promise<LifecycleEvent[]> => {
      const toolStep = (call: RunnableToolCall) => step(`tool:${call.id}`, () => runTool(deps.effects, call, { workflowId, stepId: DBOS.stepID ?? -1 }));
      const together = mode === 'parallel' ? toolCalls.filter((call) => runsConcurrently(call.effect)) : [];
      // Started synchronously in the model's order, so every replay numbers these steps alike.
      const concurrent = together.map(toolStep);
      const settled: [RunnableToolCall, ToolCallOutcome][] = (await Promise.all(concurrent)).map((outcome, index) => [together[index]!, outcome]);
      for (const call of toolCalls.filter((call) => !together.includes(call))) settled.push([call, await toolStep(call)]);
      return settled.flatMap(([call, outcome]): LifecycleEvent[] => [
        ...(runsTwiceSafely(call) ? [] : [{ type: 'tool.started' as const, toolCallId: call.id }]),
        { type: 'tool.settled', toolCallId: call.id, outcome },
      ]);
    };

    const runEffect = async (effect: Effect, context: LifecycleContext): Promise<LifecycleEvent[]> => {
      switch (effect.src) {
        case 'requestModel':
          return [await step(`request:${effect.input.requestId}`, () => requestModel(deps.effects, effect.input))];
        case 'checkToolCalls': {
          const toolCalls = await step(`check:${effect.input.turn}:${context.turn.steps + 1}`, () => checkCalls(deps.effects, effect.input));
          return [{ type: 'tools.checked', toolCalls }];
        }
        case 'executeToolCalls':
          return runRound(effect.input);
      }
    };

    /** Publishes the calls that wait and receives decisions (from any process, any time later) until one is valid. */
    const awaitDecision = async (context: LifecycleContext): Promise<LifecycleEvent> => {
      const seq = (stops += 1);
      await publish({ seq, final: false, outcome: { ok: true, result: turnResult(context) } });
      for (let attempt = 1; ; attempt += 1) {
        const message = await DBOS.recv<unknown>(DECISION_TOPIC, { timeoutSeconds: DECISION_WAIT_SECONDS });
        if (!isDecisionMessage(message)) continue;
        const checked = await step(`decide:${seq}:${attempt}`, async () => decisionData(checkDecisions(context, true, message.decisions, deps.effects.lifecycle.toolbox)));
        const verdict: DecisionVerdict = checked.ok ? { accepted: true, stopSeq: seq } : { accepted: false, error: checked.error };
        await DBOS.setEvent(decisionEventOf(message.decisionId), verdict);
        deps.notify(workflowId);
        if (checked.ok) return { type: 'approval.decided', decisions: checked.decisions satisfies Record<string, ApprovalDecision> };
      }
    };

    for (;;) {
      if (snapshot.matches(STATES.awaitingApproval)) {
        [snapshot, actions] = transition(lifecycleMachine, snapshot, await awaitDecision(snapshot.context));
        continue;
      }
      const effect = effectOf(actions);
      if (!effect) break;
      const events = await runEffect(effect, snapshot.context);
      actions = [];
      for (const event of events) {
        let more: Actions;
        [snapshot, more] = transition(lifecycleMachine, snapshot, event);
        actions.push(...more);
      }
    }
    if (!isAtRest(snapshot)) throw new Error(`The turn stopped in ${JSON.stringify(snapshot.value)} with nothing left to run.`);
    const end = snapshot;
    await step('save', () => deps.conversations.save(input.conversationId, input.turn, end.value, end.context));
    return finish(outcomeOf(end));
  };
}

/** The effect the last transitions started: the last `xstate.spawnChild` among their actions. */
function effectOf(actions: Actions): Effect | undefined {
  const spawn = actions.findLast((action) => action.type === 'xstate.spawnChild');
  // XState types spawn params loosely (`src` may be logic); this machine's invokes name their src and compute their input.
  return spawn ? (spawn.params as unknown as Effect) : undefined;
}

function isAtRest(snapshot: LifecycleSnapshot): boolean {
  return snapshot.matches(STATES.idle) || snapshot.matches(STATES.failed) || snapshot.matches(STATES.cancelled);
}

function outcomeOf(snapshot: LifecycleSnapshot): DurableTurnOutcome {
  if (snapshot.matches(STATES.idle)) return { ok: true, result: turnResult(snapshot.context) };
  return { ok: false, error: snapshot.context.lastError ?? { name: 'TurnCancelledError', message: 'The turn ended without an error.', partialContent: '' } };
}

function isDecisionMessage(value: unknown): value is DecisionMessage {
  const id = (value as { decisionId?: unknown } | null)?.decisionId;
  return typeof id === 'string' && id.length > 0 && id.length <= 200;
}

/** A decision check as step data: a refusal is the InvalidTurnError a caller of `decide` gets. */
function decisionData(checked: DecisionCheck): { ok: true; decisions: Record<string, ApprovalDecision> } | { ok: false; error: TurnErrorData } {
  return checked.ok ? checked : { ok: false, error: { name: 'InvalidTurnError', message: checked.message, reason: checked.reason } };
}
