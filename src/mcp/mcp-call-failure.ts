import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describeThrown } from '../conversation/describe-thrown.js';
import { ToolFailure } from '../tool-definition/tool-failure.js';

/**
 * Why a `tools/call` threw, as the failure the model sees. The SDK rejects with an `McpError` for a
 * closed connection (-32000), with the server's JSON-RPC error when the server answered with one
 * (the tool failing, not the connection), and with a ZodError for a result that is not one. Anything
 * else thrown (a refused or reset socket, an HTTP error such as an expired session's 404) means the
 * server could not be reached. Timeouts never get here: toolcycle's own timer aborts the call.
 */
export function callFailure(thrown: unknown, server: string, toolName: string): ToolFailure {
  const { message } = describeThrown(thrown);
  if (thrown instanceof McpError && thrown.code === ErrorCode.ConnectionClosed) {
    return new ToolFailure('transport_failed', `The connection to the MCP server "${server}" closed during the call: ${message}`);
  }
  if (isTransportFailure(thrown)) return new ToolFailure('transport_failed', `The MCP server "${server}" could not be reached: ${message}`);
  if (thrown instanceof McpError) {
    // The SDK prefixes "MCP error <code>: " on each side of the wire; once is enough.
    const reason = message.replace(/^(MCP error -?\d+: )+/, '');
    return new ToolFailure('tool_failed', `The MCP server "${server}" answered "${toolName}" with error ${thrown.code}: ${reason}`);
  }
  return new ToolFailure('tool_failed', `The MCP server "${server}" sent a result for "${toolName}" that is not a valid tool result: ${message}`);
}

/** Whether the server could not be reached at all, as opposed to answering with an error or nonsense. */
export function isTransportFailure(thrown: unknown): boolean {
  if (thrown instanceof McpError) return thrown.code === ErrorCode.ConnectionClosed;
  // By name: zod 3 calls it ZodError, zod 4 $ZodError, and the SDK may carry its own copy of zod.
  return !(thrown instanceof Error && /^\$?ZodError$/.test(thrown.name));
}
