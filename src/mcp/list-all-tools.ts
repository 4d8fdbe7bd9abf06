import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';

/** More pages than any real server sends; a server that keeps inventing cursors must not keep us listing. */
export const MAX_TOOL_PAGES = 1000;

/** The server answered, but its pages cannot be read to the end: not a reason to reconnect. */
export class BrokenPagingError extends Error {
  override name = 'BrokenPagingError';
}

/** Every tool the server lists, following `nextCursor` page by page; a broken paging is an error, never a loop. */
export async function listAllTools(client: Client): Promise<McpToolDefinition[]> {
  const tools: McpToolDefinition[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    const result = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...result.tools);
    // An empty cursor is read as "no more pages", as some servers mean it.
    if (!result.nextCursor) return tools;
    if (seen.has(result.nextCursor)) throw new BrokenPagingError(`The MCP server repeated the tools/list cursor ${JSON.stringify(result.nextCursor)}; its paging loops.`);
    if (page >= MAX_TOOL_PAGES) throw new BrokenPagingError(`The MCP server sent more than ${MAX_TOOL_PAGES} pages of tools.`);
    seen.add(result.nextCursor);
    cursor = result.nextCursor;
  }
}
