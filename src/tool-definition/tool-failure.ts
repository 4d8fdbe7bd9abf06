import type { ToolCallError } from '../conversation/tool-call-error.js';

/** The kinds of failure a tool can report itself, beyond "it threw". */
export type ToolFailureKind = Extract<ToolCallError['kind'], 'tool_failed' | 'transport_failed' | 'timeout'>;

/**
 * Thrown by a tool's `execute` to say precisely how it failed: a tool that forwards calls elsewhere
 * (an MCP server) tells a failure of the tool apart from a lost connection or a remote timeout.
 * The model receives `kind` and `message` in the call's `tool` message.
 */
export class ToolFailure extends Error {
  override name = 'ToolFailure';
  constructor(
    readonly kind: ToolFailureKind,
    message: string,
    readonly timeoutMs = 0,
  ) {
    super(message);
  }
}
