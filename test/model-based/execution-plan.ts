import type { LifecycleContext } from '../../machines/lifecycle-types.js';
import type { ToolCallRecord, ToolEffect } from '../../src/conversation/tool-call-record.js';
import { mustRunOnce } from '../support/model-based-tools.js';

/**
 * What the `executeToolCalls` actor is doing in a given executing state, written out from its
 * documented rules rather than taken from its code, so the traversal can predict the events it
 * sends on its own and the replay can check which tools really run:
 * - `parallel` runs the read-only and undeclared calls together, then the others one by one, in the
 *   model's order; `single` and `sequential` run one call at a time, in order;
 * - a call that must never run twice (write-once, undeclared) reports `tool.started` before it runs.
 */

export type ExecutingMode = 'single' | 'parallel' | 'sequential';

const runsWithOthers = (effect: ToolEffect) => effect === 'read_only' || effect === 'unspecified';

const isOpen = (call: ToolCallRecord) => call.status === 'pending' || call.status === 'running';

/** The calls the actor is running right now (or is about to start, before anything can settle). */
export function activeCalls(context: LifecycleContext, mode: ExecutingMode): ToolCallRecord[] {
  const open = context.turn.toolCalls.filter(isOpen);
  if (mode === 'parallel') {
    const together = open.filter((call) => runsWithOthers(call.effect));
    if (together.length > 0) return together;
  }
  return open.slice(0, 1);
}

/** The `tool.started` the actor sends next on its own, if it has one to send. */
export function nextStart(context: LifecycleContext, mode: ExecutingMode): ToolCallRecord | undefined {
  return activeCalls(context, mode).find((call) => call.status === 'pending' && mustRunOnce(call.effect));
}
