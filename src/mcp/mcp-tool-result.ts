import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { JsonObject } from '../conversation/json.js';
import { ToolFailure } from '../tool-definition/tool-failure.js';

/** What the model receives from an MCP tool: the server's structured result, or its content as text. */
export type McpToolResult = string | JsonObject;

/**
 * A `tools/call` result as the tool's result. `structuredContent` wins when there is one: it is the
 * exact JSON the tool returned (its text block, by MCP's advice, is only the same JSON serialized).
 * Otherwise the content blocks become text; binary blocks (images, audio, blobs) are described in
 * a line rather than sent as base64 the model cannot read. `isError: true` is the tool's own failure,
 * which the model sees as `tool_failed` with the server's text.
 */
export function readToolResult(result: CallToolResult, toolName: string): McpToolResult {
  const text = result.content.map(describeBlock).join('\n');
  if (result.isError === true) {
    throw new ToolFailure('tool_failed', text === '' ? `The MCP tool "${toolName}" reported an error without a message.` : text);
  }
  return result.structuredContent === undefined ? text : (result.structuredContent as JsonObject);
}

function describeBlock(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
    case 'audio':
      return `[${block.type}: ${block.mimeType}, ${base64Bytes(block.data)} bytes]`;
    case 'resource_link':
      return `[resource link: ${block.name} ${block.uri}${block.description ? ` (${block.description})` : ''}]`;
    case 'resource': {
      const resource = block.resource;
      if ('text' in resource) return `[resource ${resource.uri}]\n${resource.text}`;
      return `[resource ${resource.uri}: ${resource.mimeType ?? 'binary'}, ${base64Bytes(resource.blob)} bytes]`;
    }
    default:
      return `[${(block as { type: string }).type} content]`;
  }
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}
