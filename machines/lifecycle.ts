import { assign, emit, fromCallback, setup, type StateValue } from 'xstate';
import type { RequestStage } from '../src/conversation/stages.js';
import {
  callsAwaitApproval,
  canRetry,
  canRunInParallel,
  decidesEveryWaitingCall,
  hasOneRunnableCall,
  isTurnAcceptable,
  mayStartAnotherRound,
  reachesStepLimit,
  repliedWithToolCalls,
  roundIsAnswered,
  settlesLastOpenCall,
  settlesOneOfSeveral,
} from './guards.js';
import { LIFECYCLE_ID, STATES } from './lifecycle-states.js';
import type {
  CheckToolCallsInput,
  ExecuteToolCallsInput,
  ExecutionMode,
  LifecycleContext,
  LifecycleEmitted,
  LifecycleEvent,
  LifecycleInput,
  ModelRequestInput,
} from './lifecycle-types.js';
import {
  answerRound,
  applyDecisions,
  awaitApproval,
  cancelTurn,
  findTurnProblem,
  finishTurn,
  initialContext,
  prepareResume,
  recordChecks,
  recordReply,
  recordToolOutcome,
  recordToolStarted,
  refuseRequestedCalls,
  runnableCalls,
  startTurn,
} from './turn-updates.js';

/**
 * Placeholders: the machine only names its actors. A runner provides the real ones (the model
 * request, the tool checks, the tool runner); tests, diagrams and the durable workflow provide
 * others. Every actor reports back with events (`model.replied`, `tools.checked`, `tool.settled`…),
 * which is also what a runner that steps the machine with `transition()` feeds in.
 */
function notProvided<Input>(name: string) {
  return fromCallback<LifecycleEvent, Input>(() => {
    throw new Error(`${name} is not provided: build the machine with createLifecycleMachine() or .provide() it.`);
  });
}

type Narrow<Type extends LifecycleEvent['type']> = Extract<LifecycleEvent, { type: Type }>;
const on = <Type extends LifecycleEvent['type']>(event: LifecycleEvent, type: Type) => event as Narrow<Type>;

const target = (...path: string[]) => `#${LIFECYCLE_ID}.${path.join('.')}`;
const PLANNING = target(STATES.calling, STATES.planning);

const cancelTurnTransition = { target: target(STATES.cancelled), actions: 'cancelTurn' } as const;

/** The request states differ only in their stage; what their replies lead to is listed in each. */
const requestState = (stage: RequestStage) => ({
  meta: { stage },
  entry: 'countRequest' as const,
  invoke: {
    id: 'request',
    src: 'requestModel' as const,
    input: ({ context }: { context: LifecycleContext }): ModelRequestInput => requestInput(context, stage),
  },
});

const requestTransitions = {
  'model.streamed': { actions: 'emitStreamed' },
  'model.failed': { target: target(STATES.failed), actions: 'recordRequestFailure' },
  cancel: cancelTurnTransition,
} as const;

const answer = { target: target(STATES.idle), actions: ['recordReply', 'finishTurn'] } as const;

const executionState = (mode: ExecutionMode) => ({
  invoke: {
    id: 'executeToolCalls',
    src: 'executeToolCalls' as const,
    input: ({ context }: { context: LifecycleContext }): ExecuteToolCallsInput => ({ mode, toolCalls: runnableCalls(context) }),
  },
});

const lifecycleSetup = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    emitted: {} as LifecycleEmitted,
    // `void` rather than `undefined`: setup() drops `undefined` from the input type, which would
    // make `input` mandatory in createActor() even though every field has a default.
    input: {} as Partial<LifecycleInput> | void,
  },
  actors: {
    requestModel: notProvided<ModelRequestInput>('requestModel'),
    checkToolCalls: notProvided<CheckToolCallsInput>('checkToolCalls'),
    executeToolCalls: notProvided<ExecuteToolCallsInput>('executeToolCalls'),
  },
  guards: {
    isTurnAcceptable: ({ context }) => isTurnAcceptable(context),
    repliedWithToolCalls: ({ event }) => repliedWithToolCalls(event),
    mayStartAnotherRound: ({ context, event }) => mayStartAnotherRound(context, event),
    reachesStepLimit: ({ context, event }) => reachesStepLimit(context, event),
    roundIsAnswered: ({ context }) => roundIsAnswered(context),
    callsAwaitApproval: ({ context }) => callsAwaitApproval(context),
    hasOneRunnableCall: ({ context }) => hasOneRunnableCall(context),
    canRunInParallel: ({ context }) => canRunInParallel(context),
    settlesOneOfSeveral: ({ context, event }) => settlesOneOfSeveral(context, event),
    settlesLastOpenCall: ({ context, event }) => settlesLastOpenCall(context, event),
    decidesEveryWaitingCall: ({ context, event }) => decidesEveryWaitingCall(context, event),
    failedWhileDeciding: ({ context }) => canRetry(context, 'decide'),
    failedWhileResponding: ({ context }) => canRetry(context, 'respond'),
  },
  actions: {
    receiveUserMessage: assign({ incomingMessage: ({ event }) => on(event, 'user.message').content }),
    rejectTurn: assign(({ context }) => ({ lastError: findTurnProblem(context) ?? null, incomingMessage: null })),
    startTurn: assign(({ context }) => startTurn(context)),
    countRequest: assign({ requests: ({ context }) => context.requests + 1 }),
    emitStreamed: emit(({ event }) => on(event, 'model.streamed').event),
    recordReply: assign(({ context, event }) => recordReply(context, on(event, 'model.replied').reply)),
    finishTurn: assign(({ context, event }) => finishTurn(context, on(event, 'model.replied').reply.finishReason)),
    refuseCallsPastStepLimit: assign(({ context }) => refuseRequestedCalls(context, 'max_steps')),
    refuseCallsOfForcedAnswer: assign(({ context }) => refuseRequestedCalls(context, context.turn.forcedAnswer ?? 'max_steps')),
    recordRequestFailure: assign({ lastError: ({ event }) => on(event, 'model.failed').error }),
    recordChecks: assign(({ context, event }) => recordChecks(context, on(event, 'tools.checked').toolCalls)),
    recordToolStarted: assign(({ context, event }) => recordToolStarted(context, on(event, 'tool.started').toolCallId)),
    recordToolOutcome: assign(({ context, event }) => {
      const { toolCallId, outcome } = on(event, 'tool.settled');
      return recordToolOutcome(context, toolCallId, outcome);
    }),
    emitToolSettled: emit(({ context, event }) => {
      const { toolCallId, outcome } = on(event, 'tool.settled');
      const name = context.turn.toolCalls.find((call) => call.id === toolCallId)?.name ?? '';
      return outcome.ok
        ? { type: 'tool_call.settled' as const, id: toolCallId, name, result: outcome.result, durationMs: outcome.durationMs }
        : { type: 'tool_call.settled' as const, id: toolCallId, name, error: outcome.error, durationMs: outcome.durationMs };
    }),
    /** The round is over: every call gets its `tool` message, whatever happened to it. */
    answerToolCalls: assign(({ context }) => answerRound(context)),
    awaitApproval: assign(({ context }) => awaitApproval(context)),
    emitApprovalRequired: emit(({ context }) => ({
      type: 'approval.required' as const,
      calls: context.turn.toolCalls.flatMap((call) =>
        call.status === 'awaiting_approval' ? [{ id: call.id, name: call.name, arguments: call.arguments, effect: call.effect }] : [],
      ),
    })),
    applyDecisions: assign(({ context, event }) => applyDecisions(context, on(event, 'approval.decided').decisions)),
    prepareResume: assign(({ context }) => prepareResume(context)),
    cancelTurn: assign(({ context }) => cancelTurn(context, 'The turn was cancelled.')),
  },
});

/**
 * The lifecycle statechart. `defaults` fill in what `createActor(machine, { input })` leaves out, so
 * a machine built for one configuration can be started with no input at all.
 */
export function defineLifecycleMachine(defaults: Partial<LifecycleInput> = {}) {
  return lifecycleSetup.createMachine({
    id: LIFECYCLE_ID,
    initial: STATES.idle,
    context: ({ input }) => initialContext({ ...defaults, ...input }),
    states: {
      [STATES.idle]: {
        on: { 'user.message': { target: STATES.connecting, actions: 'receiveUserMessage' } },
      },
      [STATES.connecting]: {
        meta: { stage: 'connect' },
        always: [
          { guard: 'isTurnAcceptable', target: STATES.deciding, actions: 'startTurn' },
          { target: STATES.failed, actions: 'rejectTurn' },
        ],
      },
      [STATES.deciding]: {
        ...requestState('decide'),
        on: {
          ...requestTransitions,
          'model.replied': [{ guard: 'repliedWithToolCalls', target: STATES.calling, actions: 'recordReply' }, answer],
          resume: { target: STATES.deciding, reenter: true },
        },
      },
      [STATES.calling]: {
        meta: { stage: 'call' },
        initial: STATES.checking,
        on: { cancel: cancelTurnTransition },
        states: {
          [STATES.checking]: {
            invoke: {
              id: 'checkToolCalls',
              src: 'checkToolCalls',
              input: ({ context }): CheckToolCallsInput => ({
                conversationId: context.conversationId,
                turn: context.turn.number,
                toolCalls: context.turn.requested,
                messages: context.messages,
              }),
            },
            on: {
              'tools.checked': { target: STATES.planning, actions: 'recordChecks' },
              resume: { target: STATES.checking, reenter: true },
            },
          },
          // Guards pick what the round needs next, on the recorded calls: after the checks, after
          // the calls ran, after a person decided.
          [STATES.planning]: {
            always: [
              { guard: 'roundIsAnswered', target: target(STATES.responding), actions: 'answerToolCalls' },
              { guard: 'callsAwaitApproval', target: target(STATES.awaitingApproval) },
              { guard: 'hasOneRunnableCall', target: target(STATES.executing, STATES.single) },
              { guard: 'canRunInParallel', target: target(STATES.executing, STATES.parallel) },
              { target: target(STATES.executing, STATES.sequential) },
            ],
          },
        },
      },
      [STATES.executing]: {
        meta: { stage: 'execute' },
        // Always entered through a specific child chosen in `planning`; `initial` is only required syntax.
        initial: STATES.single,
        on: {
          'tool.started': { actions: 'recordToolStarted' },
          'tool.settled': [
            { guard: 'settlesOneOfSeveral', actions: ['recordToolOutcome', 'emitToolSettled'] },
            { guard: 'settlesLastOpenCall', target: PLANNING, actions: ['recordToolOutcome', 'emitToolSettled'] },
          ],
          resume: { target: PLANNING, actions: 'prepareResume' },
          cancel: cancelTurnTransition,
        },
        states: {
          [STATES.single]: executionState('single'),
          [STATES.parallel]: executionState('parallel'),
          [STATES.sequential]: executionState('sequential'),
        },
      },
      [STATES.awaitingApproval]: {
        meta: { stage: 'execute' },
        entry: ['awaitApproval', 'emitApprovalRequired'],
        on: {
          'approval.decided': { guard: 'decidesEveryWaitingCall', target: PLANNING, actions: 'applyDecisions' },
          cancel: cancelTurnTransition,
        },
      },
      [STATES.responding]: {
        ...requestState('respond'),
        on: {
          ...requestTransitions,
          'model.replied': [
            { guard: 'mayStartAnotherRound', target: STATES.calling, actions: 'recordReply' },
            {
              guard: 'reachesStepLimit',
              target: STATES.responding,
              reenter: true,
              actions: ['recordReply', 'refuseCallsPastStepLimit'],
            },
            {
              // A final answer was forced (tool_choice "none") and the model still asks for tools.
              guard: 'repliedWithToolCalls',
              target: STATES.idle,
              actions: ['recordReply', 'refuseCallsOfForcedAnswer', 'finishTurn'],
            },
            answer,
          ],
          resume: { target: STATES.responding, reenter: true },
        },
      },
      [STATES.failed]: {
        on: {
          retry: [
            { guard: 'failedWhileDeciding', target: STATES.deciding },
            { guard: 'failedWhileResponding', target: STATES.responding },
          ],
          'user.message': { target: STATES.connecting, actions: 'receiveUserMessage' },
          cancel: { target: STATES.cancelled, actions: 'cancelTurn' },
        },
      },
      [STATES.cancelled]: {
        on: { 'user.message': { target: STATES.connecting, actions: 'receiveUserMessage' } },
      },
    },
  });
}

/** The machine with placeholder actors: for diagrams, model-based tests and `.provide()`. */
export const lifecycleMachine = defineLifecycleMachine();
export type LifecycleMachine = typeof lifecycleMachine;

/** Whether a stored state value names a state of this machine (a snapshot from elsewhere is checked before it is resumed). */
export function isLifecycleState(state: StateValue): boolean {
  try {
    lifecycleMachine.resolveState({ value: state, context: {} as LifecycleContext });
    return true;
  } catch {
    return false;
  }
}

/** What a request state sends: the history as it is, and `tool_choice: "none"` once a final answer is forced. */
function requestInput(context: LifecycleContext, stage: RequestStage): ModelRequestInput {
  return {
    requestId: context.requests,
    stage,
    request: {
      model: context.model,
      messages: context.messages,
      toolChoice: context.turn.forcedAnswer === null ? 'auto' : 'none',
      parallelToolCalls: context.parallelToolCalls,
      requestParams: context.requestParams,
      stream: context.stream,
    },
    continuation: context.wire,
  };
}
