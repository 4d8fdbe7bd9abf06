export { mcpTools, type McpToolsOptions, type McpToolCollection, type SkippedMcpTool } from './mcp-tools.js';
export type { McpConnection, StdioConnection, HttpConnection } from './mcp-connection.js';
export { IDEMPOTENCY_KEY_META, type McpTool } from './mcp-tool.js';
export type { McpToolResult } from './mcp-tool-result.js';
export type { McpArguments } from './mcp-arguments-checker.js';
export { effectFromAnnotations } from './mcp-effect.js';
