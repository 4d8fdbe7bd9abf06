import type { ToolExecutionContext } from '../../src/tool-calls/define-tool.js';

/** A context for calling a tool's execute directly, outside the runtime. */
export function toolContext(toolCallId = 'call_test'): ToolExecutionContext {
  return { signal: new AbortController().signal, toolCallId };
}
