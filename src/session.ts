import { createActor, waitFor, type Actor, type InspectionEvent, type Observer } from 'xstate';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { LifecycleContext, StopReason } from '../machines/lifecycle-types.js';
import {
  clientFrom,
  lifecycleInput,
  sharedLifecycleMachine,
  toolTimeout,
  type LifecycleOptions,
  type ProvidedLifecycleMachine,
} from './create-lifecycle-machine.js';
import type { TokenUsage } from './conversation/usage.js';
import { InvalidTurnError, TurnCancelledError, ToolcycleError } from './errors.js';
import type { ToolCallError } from './tool-calls/tool-call-error.js';

export interface SessionOptions extends LifecycleOptions {
  /** Any XState inspector: `createInspector(...).inspect`, `createWebSocketInspector().inspect`, or a callback. */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

export interface ToolCallSummary {
  id: string;
  name: string;
  /** The parsed arguments; the raw string when the model did not send valid JSON. */
  arguments: unknown;
  /** What the tool returned (present when it succeeded). */
  result?: unknown;
  /** Why there is no result (present when it failed). */
  error?: ToolCallError;
  durationMs: number;
}

export interface TurnResult {
  /** The model's final answer ('' when it gave none). */
  content: string;
  /** Every tool call of the turn, rounds in order, calls in the order the model asked for them. */
  toolCalls: ToolCallSummary[];
  /** Tool rounds taken. */
  steps: number;
  usage: TokenUsage;
  stopReason: StopReason;
}

export interface AskOptions {
  /** Aborting cancels the turn: the request or the running tools are aborted, the history stays valid. */
  signal?: AbortSignal;
}

export interface Session {
  /** The running lifecycle actor: subscribe to it, inspect it, send it events. */
  readonly actor: Actor<ProvidedLifecycleMachine>;
  /** Sends a user message and resolves when the turn is answered. Turns queue up; they never overlap. */
  ask(text: string, options?: AskOptions): Promise<TurnResult>;
  /** After a failed request (`ApiRequestError`), sends exactly the same request again. */
  retry(options?: AskOptions): Promise<TurnResult>;
  /** The whole conversation, exactly as it is sent to the API. */
  readonly messages: readonly ChatCompletionMessageParam[];
}

/**
 * A conversation with tools: the lifecycle actor plus a promise-based way to drive it.
 * A failed or cancelled turn rejects with a `TurnError` (`InvalidTurnError`, `ApiRequestError`,
 * `TurnCancelledError`) and leaves the session usable.
 */
export function createSession(options: SessionOptions): Session {
  const client = clientFrom(options);
  const actor = createActor(sharedLifecycleMachine(client, toolTimeout(options)), {
    input: lifecycleInput(options),
    inspect: options.inspect,
  });
  actor.start();
  let queue: Promise<unknown> = Promise.resolve();

  const runTurn = async (event: { type: 'user.message'; content: string } | { type: 'retry' }, signal?: AbortSignal) => {
    if (signal?.aborted) throw new TurnCancelledError();
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active') throw new ToolcycleError('The session has been stopped.');
    // Without this, an ignored event would leave the actor at rest and hand back the previous result.
    if (!snapshot.can(event)) {
      throw new InvalidTurnError(
        `Nothing to ${event.type === 'retry' ? 'retry: no request has failed' : 'send'} in state "${String(snapshot.value)}".`,
        'nothing_to_retry',
      );
    }
    actor.send(event);
    const cancel = () => actor.send({ type: 'cancel' });
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const settled = await waitFor(
        actor,
        (state) => state.matches('idle') || state.matches('failed') || state.matches('cancelled'),
        {
          timeout: Infinity,
        },
      );
      if (settled.matches('idle')) return turnResult(settled.context);
      throw settled.context.lastError ?? new ToolcycleError(`The turn ended in "${String(settled.value)}" without an error.`);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  };
  const enqueue = (turn: () => Promise<TurnResult>) => {
    const result = queue.then(turn);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    actor,
    ask: (text, askOptions) => enqueue(() => runTurn({ type: 'user.message', content: text }, askOptions?.signal)),
    retry: (askOptions) => enqueue(() => runTurn({ type: 'retry' }, askOptions?.signal)),
    get messages() {
      return actor.getSnapshot().context.messages;
    },
  };
}

function turnResult(context: LifecycleContext): TurnResult {
  const { turn } = context;
  return {
    content: turn.content ?? '',
    toolCalls: turn.settledToolCalls.map((call) => ({
      id: call.id,
      name: call.name,
      arguments: call.arguments === undefined ? call.rawArguments : call.arguments,
      ...(call.status === 'succeeded' ? { result: call.result } : { error: call.error }),
      durationMs: call.durationMs,
    })),
    steps: turn.steps,
    usage: turn.usage,
    stopReason: turn.stopReason ?? 'stop',
  };
}
