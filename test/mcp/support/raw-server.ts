import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';

/**
 * The SDK's low-level `Server`, for what `McpServer` will not produce: tool lists in pages, names
 * and schemas exactly as a test writes them, a listing that fails. Page `n` is asked for with cursor `"n"`.
 */
export function createRawServer(name = 'raw', pages: Tool[][] = [[]]) {
  const state = {
    pages,
    /** Thrown by the next listings while set. */
    listingError: undefined as Error | undefined,
    /** Listings wait for this while set. */
    listingGate: undefined as Promise<void> | undefined,
    /** The cursor a page points to; default: the next page's number, none after the last. */
    nextCursor: (index: number): string | undefined => (index + 1 < state.pages.length ? String(index + 1) : undefined),
    /** Thrown by tools/call while set: the server answers with a JSON-RPC error. */
    callError: undefined as Error | undefined,
    listings: 0,
    calls: [] as Array<{ name: string; arguments: unknown }>,
  };
  const server = new Server({ name, version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    state.listings += 1;
    await state.listingGate;
    if (state.listingError) throw state.listingError;
    const index = Number(request.params?.cursor ?? 0);
    return { tools: state.pages[index] ?? [], nextCursor: state.nextCursor(index) };
  });
  server.setRequestHandler(CallToolRequestSchema, (request): CallToolResult => {
    state.calls.push({ name: request.params.name, arguments: request.params.arguments });
    if (state.callError) throw state.callError;
    return { content: [{ type: 'text', text: `called ${request.params.name}` }] };
  });
  return { server, state };
}

/** A listed tool with an object schema: `tool('search', { q: { type: 'string' } })`. */
export function listedTool(name: string, properties: Record<string, object> = {}, extra: Partial<Tool> = {}): Tool {
  return { name, description: `The ${name} tool.`, inputSchema: { type: 'object', properties }, ...extra };
}
