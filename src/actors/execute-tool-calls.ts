import type { ExecuteToolCallsInput, LifecycleEvent } from '../../machines/lifecycle-types.js';
import { runsConcurrently } from '../../machines/turn-updates.js';
import { invalidArgumentsError } from '../conversation/tool-call-error.js';
import type { RunnableToolCall, ToolCallOutcome } from '../conversation/tool-call-record.js';
import { sizeLimitProblem } from '../tool-definition/limits.js';
import { describeThrown } from '../conversation/describe-thrown.js';
import { checkedArgumentsOf } from './checked-arguments.js';
import { runToolCall } from './run-tool-call.js';
import type { LifecycleRuntime } from './runtime.js';

export type ToolEvent = Extract<LifecycleEvent, { type: 'tool.started' | 'tool.settled' }>;

/**
 * The `execute` stage for one round: runs the runnable calls and reports each as it starts (calls
 * that must never run twice) and settles. `parallel` runs the calls that may run side by side
 * together, then the others in the model's order; `single` and `sequential` run them in order.
 * Aborting `signal` (the machine stopping the actor) cancels whatever is running.
 */
export async function executeToolCalls(
  runtime: LifecycleRuntime,
  input: ExecuteToolCallsInput,
  options: { signal: AbortSignal; send(event: ToolEvent): void },
): Promise<void> {
  const run = async (call: RunnableToolCall) => {
    let outcome: ToolCallOutcome | undefined;
    try {
      outcome = await runOne(runtime, call, options);
    } catch (error) {
      // The tool's checker or the runner's save before a call threw: the call is answered, never lost.
      const { message, errorName } = describeThrown(error);
      outcome = { ok: false, error: { kind: 'tool_failed', message: `"${call.name}" was not run: ${message}`, errorName }, durationMs: 0 };
    }
    if (outcome && !options.signal.aborted) options.send({ type: 'tool.settled', toolCallId: call.id, outcome });
  };
  const together = input.mode === 'parallel' ? input.toolCalls.filter((call) => runsConcurrently(call.effect)) : [];
  const inOrder = input.toolCalls.filter((call) => !together.includes(call));
  await Promise.all(together.map(run));
  for (const call of inOrder) {
    if (options.signal.aborted) return;
    await run(call);
  }
}

async function runOne(
  runtime: LifecycleRuntime,
  call: RunnableToolCall,
  options: { signal: AbortSignal; send(event: ToolEvent): void },
): Promise<ToolCallOutcome | undefined> {
  const tool = runtime.toolbox.get(call.name);
  // `calling` only lets registered tools through; a tool set changed under a restored session may not have it.
  if (!tool) {
    return {
      ok: false,
      error: { kind: 'unknown_tool', message: `There is no tool named "${call.name}".`, availableTools: [...runtime.toolbox.names] },
      durationMs: 0,
    };
  }
  const remembered = checkedArgumentsOf(call.arguments);
  const checked = remembered.found ? { ok: true as const, args: remembered.args } : tool.checkArguments(call.arguments);
  // Only arguments edited on approval can fail here, and the runner checked those too.
  if (!checked.ok) return { ok: false, error: invalidArgumentsError(call.name, checked.issues), durationMs: 0 };
  if (!runsTwiceSafely(call)) {
    options.send({ type: 'tool.started', toolCallId: call.id });
    await runtime.beforeToolRuns?.(call);
    if (options.signal.aborted) return undefined;
  }
  const maxOutputChars = tool.maxOutputChars ?? runtime.maxToolOutputChars;
  return runToolCall(tool, checked.args, {
    toolCallId: call.id,
    idempotencyKey: call.idempotencyKey,
    timeoutMs: tool.timeoutMs ?? runtime.toolTimeoutMs,
    maxOutputChars: sizeLimitProblem(maxOutputChars) ? runtime.maxToolOutputChars : maxOutputChars,
    signal: options.signal,
    enter: runtime.enterTool,
  });
}

/** Only calls that may not run twice need their start recorded: the others are simply run again on resume. */
function runsTwiceSafely(call: RunnableToolCall): boolean {
  return call.effect === 'read_only' || call.effect === 'idempotent';
}
