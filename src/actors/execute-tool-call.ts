import { fromCallback } from 'xstate';
import type { ExecuteToolCallInput, LifecycleEvent } from '../../machines/lifecycle-types.js';
import { runToolCall } from '../tool-calls/run-tool-call.js';

/**
 * The `execute` stage: one actor per tool call. A callback actor rather than a promise actor
 * because its cleanup runs when the machine stops it (cancel, or leaving `executing`), and that is
 * where the tool's signal is aborted, so no tool keeps running for a turn that is over.
 */
export function createExecuteToolCall(defaultTimeoutMs: number) {
  return fromCallback<LifecycleEvent, ExecuteToolCallInput>(({ input, sendBack }) => {
    const { call, toolbox } = input;
    const cancellation = new AbortController();
    const tool = toolbox.get(call.name);
    if (!tool) {
      // `calling` settles unknown names before execution; this only guards a hand-sent input.
      sendBack({
        type: 'tool.settled',
        toolCallId: call.id,
        outcome: {
          ok: false,
          error: { kind: 'unknown_tool', message: `There is no tool named "${call.name}".`, availableTools: [...toolbox.names] },
          durationMs: 0,
        },
      });
      return;
    }
    let settled = false;
    void runToolCall(tool, call.arguments, {
      toolCallId: call.id,
      timeoutMs: tool.timeoutMs ?? defaultTimeoutMs,
      signal: cancellation.signal,
    }).then((outcome) => {
      settled = true;
      sendBack({ type: 'tool.settled', toolCallId: call.id, outcome });
    });
    // The machine stops every tool actor when it leaves `executing`; aborting a finished call would
    // only build a DOMException (a measurable share of a parallel round) for nobody to see.
    return () => {
      if (!settled) cancellation.abort();
    };
  });
}
