import type { ChatCompletion, ChatCompletionAssistantMessageParam } from 'openai/resources/chat/completions';
import { assign, enqueueActions, fromCallback, fromPromise, setup } from 'xstate';
import { ApiRequestError, InvalidTurnError, TurnCancelledError, type RequestStage } from '../src/errors.js';
import { addUsage, NO_USAGE } from '../src/conversation/usage.js';
import { checkToolCalls } from '../src/tool-calls/check-tool-calls.js';
import { createToolbox } from '../src/tool-calls/toolbox.js';
import {
  failToolCall,
  settleToolCall,
  type PendingToolCall,
  type SettledToolCall,
  type ToolCallRecord,
} from '../src/tool-calls/tool-call-record.js';
import { findTurnProblem } from './find-turn-problem.js';
import {
  canRetry,
  canTakeAnotherStep,
  completionHasToolCalls,
  executionPlan,
  settlesLastPending,
  settlesOneOfSeveral,
} from './guards.js';
import type {
  ExecuteToolCallInput,
  LifecycleContext,
  LifecycleEvent,
  LifecycleInput,
  RequestCompletionInput,
  RequestCompletionOutput,
  StopReason,
  TurnState,
} from './lifecycle-types.js';
import { buildChatRequest } from '../src/conversation/build-chat-request.js';
import { uniqueToolCallIds } from '../src/conversation/unique-tool-call-ids.js';

export const DEFAULT_MAX_STEPS = 8;
const EMPTY_TOOLBOX = createToolbox();

/**
 * Placeholders: the machine only names its actors. `createLifecycleMachine` provides the real ones
 * (the OpenAI request, the tool runner); tests and diagrams can provide others.
 */
const requestCompletion = fromPromise<RequestCompletionOutput, RequestCompletionInput>(async () => {
  throw new Error('requestCompletion is not provided: build the machine with createLifecycleMachine().');
});
const executeToolCall = fromCallback<LifecycleEvent, ExecuteToolCallInput>(() => {
  throw new Error('executeToolCall is not provided: build the machine with createLifecycleMachine().');
});

const toolActorId = (call: ToolCallRecord) => `tool:${call.id}`;

function completionMessage(completion: ChatCompletion): ChatCompletionAssistantMessageParam {
  // The response message carries response-only fields (annotations, audio...); the history keeps
  // what a request may contain.
  const message = completion.choices[0]?.message;
  const recorded: ChatCompletionAssistantMessageParam = { role: 'assistant', content: message?.content ?? null };
  if (message?.refusal) recorded.refusal = message.refusal;
  if (message?.tool_calls?.length) recorded.tool_calls = uniqueToolCallIds(message.tool_calls);
  // An empty generation arrives as `content: null`; the API rejects such a message in a later
  // request unless it has tool_calls, so it is kept as the empty answer it is.
  if (recorded.content === null && !recorded.tool_calls && !recorded.refusal) recorded.content = '';
  return recorded;
}

function finishReason(completion: ChatCompletion): StopReason {
  const reason = completion.choices[0]?.finish_reason;
  return reason === 'length' || reason === 'content_filter' ? reason : 'stop';
}

const cancelTurn = { target: '#lifecycle.cancelled', actions: 'cancelTurn' } as const;

/** Both request states hand the same things on: the completion to guards and actions, or the error. */
const completionOf = ({ event }: { event: { output: ChatCompletion } }) => event.output;

/** The last pending call of the round settled, whichever way the round was run: answer them all. */
const roundComplete = {
  guard: 'settlesLastPending',
  target: '#lifecycle.responding',
  actions: ['recordToolOutcome', 'answerToolCalls'],
} as const;

/** A completion without tool calls ends the turn. */
const deliverAnswer = {
  target: 'idle',
  actions: [
    { type: 'recordCompletion', params: completionOf },
    { type: 'finishTurn', params: completionOf },
  ],
} as const;

const requestFailed = (stage: RequestStage) =>
  ({
    target: 'failed',
    actions: { type: 'recordRequestFailure', params: ({ event }: { event: { error: unknown } }) => ({ stage, error: event.error }) },
  }) as const;

const lifecycleSetup = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    // `void` rather than `undefined`: setup() drops `undefined` from the input type, which would
    // make `input` mandatory in createActor() even though every field has a default.
    input: {} as Partial<LifecycleInput> | void,
  },
  actors: { requestCompletion, executeToolCall },
  guards: {
    isTurnAcceptable: ({ context }) => findTurnProblem(context) === undefined,
    completionHasToolCalls: (_, completion: ChatCompletion) => completionHasToolCalls(completion),
    /** More tool calls while under `maxSteps`: loop back to `calling`. */
    asksForAnotherStep: ({ context }, completion: ChatCompletion) =>
      completionHasToolCalls(completion) && canTakeAnotherStep(context),
    hasNoPendingToolCalls: ({ context }) => executionPlan(context) === 'none',
    hasOnePendingToolCall: ({ context }) => executionPlan(context) === 'single',
    canRunInParallel: ({ context }) => executionPlan(context) === 'parallel',
    settlesOneOfSeveral: ({ context, event }) => settlesOneOfSeveral(context, event),
    settlesLastPending: ({ context, event }) => settlesLastPending(context, event),
    failedWhileDeciding: ({ context }) => canRetry(context, 'deciding'),
    failedWhileResponding: ({ context }) => canRetry(context, 'responding'),
  },
  actions: {
    receiveUserMessage: assign({
      incomingMessage: ({ event }) => (event.type === 'user.message' ? event.content : undefined),
    }),
    rejectTurn: assign({
      lastError: ({ context }) => findTurnProblem(context),
      failedStage: undefined,
      incomingMessage: undefined,
    }),
    startTurn: assign(({ context }) => ({
      messages: [...context.messages, { role: 'user' as const, content: context.incomingMessage ?? '' }],
      incomingMessage: undefined,
      lastError: undefined,
      failedStage: undefined,
      turn: emptyTurn(),
    })),
    recordCompletion: assign(({ context }, completion: ChatCompletion) => ({
      messages: [...context.messages, completionMessage(completion)],
      usage: addUsage(context.usage, completion.usage),
      turn: {
        ...context.turn,
        usage: addUsage(context.turn.usage, completion.usage),
        content: completion.choices[0]?.message.content ?? null,
      },
    })),
    finishTurn: assign(({ context }, completion: ChatCompletion) => ({
      turn: {
        ...context.turn,
        stopReason: context.turn.steps >= context.maxSteps ? 'max_steps' : finishReason(completion),
      },
    })),
    checkToolCalls: assign(({ context }) => {
      const checked = checkLastToolCalls(context);
      return { turn: { ...checked.turn, steps: checked.turn.steps + 1 } };
    }),
    recordToolOutcome: assign(({ context, event }) => {
      if (event.type !== 'tool.settled') return {};
      const toolCalls = context.turn.toolCalls.map((call) =>
        call.id === event.toolCallId && call.status === 'pending' ? settleToolCall(call, event.outcome) : call,
      );
      return { turn: { ...context.turn, toolCalls } };
    }),
    /** The round is over: every call gets its `tool` message, whatever happened to it. */
    answerToolCalls: assign(({ context }) => answerRound(context, (call) => call)),
    /**
     * The last request was sent with `tool_choice: "none"`; a model that asks for tools anyway gets
     * each call answered with an error instead of another round, so the turn ends.
     */
    refuseToolCallsPastStepLimit: assign(({ context }) =>
      answerRound(checkLastToolCalls(context), (call) =>
        call.status === 'pending'
          ? failToolCall(call, {
              kind: 'step_limit',
              message: `Not executed: the turn reached its limit of ${context.maxSteps} tool steps.`,
            })
          : call,
      ),
    ),
    spawnToolCalls: enqueueActions(({ context, enqueue }) => {
      for (const call of context.turn.toolCalls) {
        if (call.status !== 'pending') continue;
        enqueue.spawnChild('executeToolCall', { id: toolActorId(call), input: { call, toolbox: context.toolbox } });
      }
    }),
    stopToolCalls: enqueueActions(({ context, enqueue }) => {
      for (const call of context.turn.toolCalls) enqueue.stopChild(toolActorId(call));
    }),
    /** Only an `ApiRequestError` can be retried; a refused invalid history stays an `InvalidTurnError`. */
    recordRequestFailure: assign((_, { stage, error }: { stage: RequestStage; error: unknown }) => ({
      lastError:
        error instanceof ApiRequestError || error instanceof InvalidTurnError
          ? error
          : new ApiRequestError(error instanceof Error ? error.message : String(error), stage, undefined, undefined, { cause: error }),
      failedStage: stage,
    })),
    /** Cancelling must leave a history the API accepts: unfinished calls are answered as cancelled. */
    cancelTurn: assign(({ context }) => {
      const answered = answerRound(context, (call) =>
        call.status === 'pending'
          ? failToolCall(call, { kind: 'cancelled', message: 'The turn was cancelled before the tool finished.' })
          : call,
      );
      return { ...answered, lastError: new TurnCancelledError(), failedStage: undefined, incomingMessage: undefined };
    }),
  },
});

/**
 * The lifecycle statechart. `defaults` fill in what `createActor(machine, { input })` leaves out, so
 * a machine built for one configuration can be started with no input at all.
 */
export function defineLifecycleMachine(defaults: Partial<LifecycleInput> = {}) {
  return lifecycleSetup.createMachine({
    id: 'lifecycle',
    initial: 'idle',
    context: ({ input }) => initialContext({ ...defaults, ...input }),
    states: {
      idle: {
        on: { 'user.message': { target: 'connecting', actions: 'receiveUserMessage' } },
      },
      connecting: {
        meta: { stage: 'connect' },
        always: [
          { guard: 'isTurnAcceptable', target: 'deciding', actions: 'startTurn' },
          { target: 'failed', actions: 'rejectTurn' },
        ],
      },
      deciding: {
        meta: { stage: 'decide' },
        invoke: {
          id: 'requestCompletion',
          src: 'requestCompletion',
          input: ({ context }) => ({ stage: 'deciding' as const, request: buildChatRequest(context) }),
          onDone: [
            {
              guard: { type: 'completionHasToolCalls', params: completionOf },
              target: 'calling',
              actions: { type: 'recordCompletion', params: completionOf },
            },
            deliverAnswer,
          ],
          onError: requestFailed('deciding'),
        },
        on: { cancel: cancelTurn },
      },
      calling: {
        meta: { stage: 'call' },
        entry: 'checkToolCalls',
        always: [
          { guard: 'hasNoPendingToolCalls', target: 'responding', actions: 'answerToolCalls' },
          { guard: 'hasOnePendingToolCall', target: 'executing.single' },
          { guard: 'canRunInParallel', target: 'executing.parallel' },
          { target: 'executing.sequential' },
        ],
      },
      executing: {
        meta: { stage: 'execute' },
        // Always entered through a specific child chosen in `calling`; `initial` is only required syntax.
        initial: 'single',
        on: { cancel: cancelTurn },
        states: {
          single: {
            invoke: { id: 'executeToolCall', src: 'executeToolCall', input: ({ context }) => nextPendingCall(context) },
            on: {
              'tool.settled': roundComplete,
            },
          },
          parallel: {
            entry: 'spawnToolCalls',
            exit: 'stopToolCalls',
            on: {
              'tool.settled': [
                { guard: 'settlesOneOfSeveral', actions: 'recordToolOutcome' },
                roundComplete,
              ],
            },
          },
          sequential: {
            invoke: { id: 'executeToolCall', src: 'executeToolCall', input: ({ context }) => nextPendingCall(context) },
            on: {
              'tool.settled': [
                { guard: 'settlesOneOfSeveral', target: 'sequential', reenter: true, actions: 'recordToolOutcome' },
                roundComplete,
              ],
            },
          },
        },
      },
      responding: {
        meta: { stage: 'respond' },
        invoke: {
          id: 'requestCompletion',
          src: 'requestCompletion',
          input: ({ context }) => ({ stage: 'responding' as const, request: buildChatRequest(context) }),
          onDone: [
            {
              guard: { type: 'asksForAnotherStep', params: completionOf },
              target: 'calling',
              actions: { type: 'recordCompletion', params: completionOf },
            },
            {
              // The step limit is reached and the model still asks for tools (ignoring tool_choice "none").
              guard: { type: 'completionHasToolCalls', params: completionOf },
              target: 'idle',
              actions: [
                { type: 'recordCompletion', params: completionOf },
                'refuseToolCallsPastStepLimit',
                { type: 'finishTurn', params: completionOf },
              ],
            },
            deliverAnswer,
          ],
          onError: requestFailed('responding'),
        },
        on: { cancel: cancelTurn },
      },
      failed: {
        on: {
          retry: [
            { guard: 'failedWhileDeciding', target: 'deciding' },
            { guard: 'failedWhileResponding', target: 'responding' },
          ],
          'user.message': { target: 'connecting', actions: 'receiveUserMessage' },
          cancel: { target: 'cancelled', actions: 'cancelTurn' },
        },
      },
      cancelled: {
        on: { 'user.message': { target: 'connecting', actions: 'receiveUserMessage' } },
      },
    },
  });
}

/** The machine with placeholder actors: for diagrams, model-based tests and `.provide()`. */
export const lifecycleMachine = defineLifecycleMachine();
export type LifecycleMachine = typeof lifecycleMachine;

function initialContext(input: Partial<LifecycleInput>): LifecycleContext {
  return {
    model: input.model ?? '',
    toolbox: input.toolbox ?? EMPTY_TOOLBOX,
    parallelToolCalls: input.parallelToolCalls ?? true,
    maxSteps: input.maxSteps ?? DEFAULT_MAX_STEPS,
    requestParams: { ...input.requestParams },
    messages: [...(input.messages ?? [])],
    incomingMessage: undefined,
    turn: emptyTurn(),
    usage: NO_USAGE,
    lastError: undefined,
    failedStage: undefined,
  };
}

function emptyTurn(): TurnState {
  return { steps: 0, toolCalls: [], settledToolCalls: [], usage: NO_USAGE, content: null, stopReason: undefined };
}

function nextPendingCall(context: LifecycleContext): ExecuteToolCallInput {
  const call = context.turn.toolCalls.find((candidate): candidate is PendingToolCall => candidate.status === 'pending');
  // The guards only enter an executing state with a pending call; this keeps the types honest.
  if (!call) throw new Error('executing entered without a pending tool call');
  return { call, toolbox: context.toolbox };
}

/** The calls of the last assistant message, checked against the toolbox (the `call` stage). */
function checkLastToolCalls(context: LifecycleContext): LifecycleContext {
  const last = context.messages.at(-1);
  const requested = last?.role === 'assistant' ? (last.tool_calls ?? []) : [];
  return { ...context, turn: { ...context.turn, toolCalls: checkToolCalls(requested, context.toolbox) } };
}

/**
 * Ends a round: every call gets its `tool` message, in the order of the calls, and moves to the
 * turn's settled list, so a later cancel or failure cannot answer it twice.
 */
function answerRound(context: LifecycleContext, settle: (call: ToolCallRecord) => ToolCallRecord) {
  const settled = context.turn.toolCalls.map(settle).filter((call): call is SettledToolCall => call.status !== 'pending');
  return {
    messages: [
      ...context.messages,
      ...settled.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: call.content })),
    ],
    turn: { ...context.turn, toolCalls: [], settledToolCalls: [...context.turn.settledToolCalls, ...settled] },
  };
}
