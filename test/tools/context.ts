import type { ToolExecutionContext } from '../../src/index.js';

/** A context for calling a tool's execute directly, outside the runtime. */
export function toolContext(toolCallId = 'call_test'): ToolExecutionContext {
  return { signal: new AbortController().signal, toolCallId, idempotencyKey: `test:1:${toolCallId}` };
}
