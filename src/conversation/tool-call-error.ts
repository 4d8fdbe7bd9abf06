/**
 * Why a single tool call produced no result. These are data, not exceptions: the model receives them
 * as the content of the call's `tool` message so it can correct itself, and the turn goes on.
 */
export type ToolCallError =
  | { kind: 'unknown_tool'; message: string; availableTools: string[] }
  | { kind: 'unsupported_call'; message: string }
  | { kind: 'malformed_call'; message: string }
  | { kind: 'invalid_json'; message: string }
  | { kind: 'invalid_arguments'; message: string; issues: ArgumentIssue[] }
  | { kind: 'tool_failed'; message: string; errorName: string }
  | { kind: 'timeout'; message: string; timeoutMs: number }
  | { kind: 'unserializable_result'; message: string }
  | { kind: 'cancelled'; message: string }
  | { kind: 'interrupted'; message: string }
  | { kind: 'rejected'; message: string; reason: string | null }
  | { kind: 'repeated_call'; message: string; previousContent: string }
  | { kind: 'loop_detected'; message: string; repeats: number }
  | { kind: 'step_limit'; message: string }
  | { kind: 'transport_failed'; message: string };

export interface ArgumentIssue {
  /** Dotted path into the arguments object, `""` for the object itself. */
  path: string;
  message: string;
}

export type ToolCallErrorKind = ToolCallError['kind'];

/** The error a call gets when its arguments fail the tool's schema: every issue listed, for the model to fix at once. */
export function invalidArgumentsError(toolName: string, issues: ArgumentIssue[]): ToolCallError {
  const listed = issues.map((issue) => `${issue.path || '(arguments)'}: ${issue.message}`).join('; ');
  return { kind: 'invalid_arguments', message: `The arguments for "${toolName}" do not match its parameters: ${listed}.`, issues };
}
