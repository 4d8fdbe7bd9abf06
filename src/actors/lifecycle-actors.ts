import { fromCallback } from 'xstate';
import type { CheckToolCallsInput, ExecuteToolCallsInput, LifecycleEvent, ModelRequestInput } from '../../machines/lifecycle-types.js';
import { turnErrorData } from '../conversation/errors.js';
import { apiRequestErrorFrom } from './api-request-error.js';
import { checkToolCalls } from './check-tool-calls.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { requestModel, type WireAdapter } from './model-request.js';
import { chatCompletionsWire } from './request-chat-completion.js';
import { responsesWire } from './request-response.js';
import type { ActorSystem, LifecycleRuntime } from './runtime.js';

/** The API the session speaks. */
export function wireOf(runtime: LifecycleRuntime): WireAdapter {
  return runtime.api === 'responses' ? responsesWire : chatCompletionsWire;
}

/**
 * The machine's actors for a live XState actor: thin wrappers over the effect functions, which a
 * runner that steps the machine itself (the durable workflow) calls directly. Callback actors,
 * because XState runs their cleanup when it stops them (cancel, or leaving the state), and that is
 * where the request or the tools are aborted, and because a stopped callback actor's late events are
 * dropped by XState, so nothing from an abandoned request or round reaches the machine.
 */
export function lifecycleActors(runtimeOf: (system: ActorSystem) => LifecycleRuntime) {
  return {
    requestModel: fromCallback<LifecycleEvent, ModelRequestInput>(({ input, sendBack, system }) => {
      const controller = new AbortController();
      const runtime = runtimeOf(system);
      const wire = wireOf(runtime);
      let answered = false;
      void requestModel(wire, runtime, input, { signal: controller.signal, onProgress: sendBack })
        .catch((error: unknown) => failedRequest(input, error))
        .then((event) => {
          if (controller.signal.aborted) return;
          // Sending the answer stops this actor (the machine leaves the state) before it returns.
          answered = true;
          sendBack(event);
        });
      return () => {
        if (!answered) controller.abort();
      };
    }),
    checkToolCalls: fromCallback<LifecycleEvent, CheckToolCallsInput>(({ input, sendBack, system }) => {
      let stopped = false;
      void checkToolCalls(runtimeOf(system).toolbox, input).then((toolCalls) => {
        if (!stopped) sendBack({ type: 'tools.checked', toolCalls });
      });
      return () => {
        stopped = true;
      };
    }),
    executeToolCalls: fromCallback<LifecycleEvent, ExecuteToolCallsInput>(({ input, sendBack, system }) => {
      const controller = new AbortController();
      let open = input.toolCalls.length;
      const send = (event: Parameters<typeof sendBack>[0]) => {
        // The last settle stops this actor (the machine leaves the state) before `send` returns.
        if (event.type === 'tool.settled') open -= 1;
        sendBack(event);
      };
      void executeToolCalls(runtimeOf(system), input, { signal: controller.signal, send });
      // Aborting a finished round would only build a DOMException for nobody to see.
      return () => {
        if (open > 0) controller.abort();
      };
    }),
  };
}

/** The request function never rejects; should it ever, the turn fails with a typed error instead of hanging. */
function failedRequest(input: ModelRequestInput, error: unknown): LifecycleEvent {
  return { type: 'model.failed', requestId: input.requestId, error: turnErrorData(apiRequestErrorFrom(error, input.stage)) };
}
