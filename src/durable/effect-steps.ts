import type { CheckToolCallsInput, ModelRequestInput } from '../../machines/lifecycle-types.js';
import { apiRequestErrorFrom } from '../actors/api-request-error.js';
import { checkToolCalls } from '../actors/check-tool-calls.js';
import { executeToolCalls } from '../actors/execute-tool-calls.js';
import { wireOf } from '../actors/lifecycle-actors.js';
import { requestModel as requestFromModel, type ModelResultEvent } from '../actors/model-request.js';
import type { LifecycleRuntime } from '../actors/runtime.js';
import { turnErrorData } from '../conversation/errors.js';
import type { RunnableToolCall, ToolCallOutcome, ToolCallRecord } from '../conversation/tool-call-record.js';
import type { ToolStartClaims } from './tool-start-claims.js';

/**
 * What the turn's steps run: the same effect functions the live session's actors call. Each returns
 * data (an event, records, an outcome), never throws for what the model or a tool did: DBOS records a
 * step's result as JSON, and a thrown error comes back from a replay as a plain `Error`.
 */
export interface EffectRuntime {
  lifecycle: LifecycleRuntime;
  claims: ToolStartClaims;
}

/**
 * A durable turn is never cancelled mid-step (a worker that stops simply stops), so its effects get a
 * signal that never aborts: a new one each, as the SDK and the tool runner add listeners to it.
 */
const never = () => new AbortController().signal;

export async function requestModel(runtime: EffectRuntime, input: ModelRequestInput): Promise<ModelResultEvent> {
  try {
    // Streamed deltas are not forwarded: the turn's stops are what a durable caller waits for.
    return await requestFromModel(wireOf(runtime.lifecycle), runtime.lifecycle, input, { signal: never(), onProgress: () => undefined });
  } catch (error) {
    return { type: 'model.failed', requestId: input.requestId, error: turnErrorData(apiRequestErrorFrom(error, input.stage)) };
  }
}

export function checkCalls(runtime: EffectRuntime, input: CheckToolCallsInput): Promise<ToolCallRecord[]> {
  return checkToolCalls(runtime.lifecycle.toolbox, input);
}

/** Read-only and idempotent calls are simply run again if their step was never recorded; the others are claimed first. */
export function runsTwiceSafely(call: RunnableToolCall): boolean {
  return call.effect === 'read_only' || call.effect === 'idempotent';
}

/** Runs one call as the live runner does (lookup, argument check, timeout, size limit), once its claim allows it. */
export async function runTool(runtime: EffectRuntime, call: RunnableToolCall, step: { workflowId: string; stepId: number }): Promise<ToolCallOutcome> {
  if (!runsTwiceSafely(call)) {
    const first = await runtime.claims.claim({ ...step, idempotencyKey: call.idempotencyKey, toolName: call.name });
    if (!first) return interrupted(call);
  }
  let outcome: ToolCallOutcome | undefined;
  await executeToolCalls(runtime.lifecycle, { mode: 'single', toolCalls: [call] }, {
    signal: never(),
    send: (event) => {
      if (event.type === 'tool.settled') outcome = event.outcome;
    },
  });
  // executeToolCalls settles every call it is given unless aborted, and this signal never aborts.
  return outcome ?? { ok: false, error: { kind: 'tool_failed', message: `"${call.name}" reported no outcome.`, errorName: 'Error' }, durationMs: 0 };
}

function interrupted(call: RunnableToolCall): ToolCallOutcome {
  return {
    ok: false,
    error: {
      kind: 'interrupted',
      message: `"${call.name}" was running on a worker that stopped before its result was recorded, and it may have taken effect; it is not run twice. Check its effect before asking for it again.`,
    },
    durationMs: 0,
  };
}
