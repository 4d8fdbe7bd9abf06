import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { mcpTools, type McpToolCollection } from '../../src/mcp/index.js';
import { startHttpMcpServer } from './support/http-server.js';
import { createRawServer, listedTool } from './support/raw-server.js';
import { createTestServer } from './support/test-server.js';

const context = { signal: new AbortController().signal, toolCallId: 'call_1', idempotencyKey: 'conversation:1:call_1' };
const collections: McpToolCollection[] = [];
afterEach(async () => {
  await Promise.all(collections.splice(0).map((collection) => collection.close()));
});

function httpTools(url: string, requestInit?: RequestInit) {
  const collection = mcpTools({ url, requestInit });
  collections.push(collection);
  return collection;
}

const echoOf = async (collection: McpToolCollection) => (await collection.current()).find((tool) => tool.mcpName === 'echo')!;

describe('an MCP server over Streamable HTTP', { timeout: 30_000 }, () => {
  it('lists and calls tools on a server on 127.0.0.1, with the caller’s headers', async () => {
    const http = await startHttpMcpServer(() => createTestServer('remote').server);
    const collection = httpTools(http.url, { headers: { authorization: 'Bearer secret' } });
    const echo = await echoOf(collection);
    expect(echo).toMatchObject({ name: 'remote_echo', origin: 'mcp:remote', effect: 'read_only' });
    expect(await echo.execute({ text: 'over http', times: 2 }, context)).toBe('over http over http');
    expect(http.lastHeaders.authorization).toBe('Bearer secret');
  });

  it('reports a call into an expired session as transport_failed and opens a new session on the next turn', async () => {
    const http = await startHttpMcpServer(() => createTestServer('remote').server);
    const collection = httpTools(http.url);
    const echo = await echoOf(collection);
    await http.expireSessions();

    await expect(echo.execute({ text: 'x' }, context)).rejects.toMatchObject({ kind: 'transport_failed', message: expect.stringContaining('Session not found') });
    const again = await echoOf(collection);
    expect(http.sessionsOpened).toBe(2);
    expect(await again.execute({ text: 'back' }, context)).toBe('back');
  });

  it('lists again after a call had to open a new session, since the new session may offer other tools', async () => {
    const http = await startHttpMcpServer((session) => {
      const { server } = createTestServer('remote');
      if (session > 1) server.registerTool('fresh', { description: 'Only in later sessions.' }, async () => ({ content: [{ type: 'text', text: 'fresh' }] }));
      return server;
    });
    const collection = httpTools(http.url);
    const echo = await echoOf(collection);
    await http.expireSessions();
    await expect(echo.execute({ text: 'x' }, context)).rejects.toMatchObject({ kind: 'transport_failed' });
    expect(await echo.execute({ text: 'reconnected by the call' }, context)).toBe('reconnected by the call');
    expect((await collection.current()).map((tool) => tool.mcpName)).toContain('fresh');
  });

  it('keeps the connection when the server answers a listing with an error or broken paging', async () => {
    const { state, server } = createRawServer('picky', [[listedTool('a')], [listedTool('b')]]);
    const http = await startHttpMcpServer(() => server);
    const collection = httpTools(http.url);
    state.listingError = new Error('not ready');
    await expect(collection.current()).rejects.toThrow('not ready');
    state.listingError = undefined;
    state.nextCursor = () => '1';
    await expect(collection.current()).rejects.toThrow('repeated the tools/list cursor');
    state.nextCursor = (index) => (index === 0 ? '1' : undefined);
    expect((await collection.current()).map((tool) => tool.mcpName)).toEqual(['a', 'b']);
    expect(http.sessionsOpened).toBe(1);
  });

  it('hears notifications/tools/list_changed on the HTTP stream', async () => {
    const http = await startHttpMcpServer(() => {
      const server = new McpServer({ name: 'growing', version: '1.0.0' });
      server.registerTool('grow', { description: 'Adds a tool.' }, async () => {
        server.registerTool('added', { description: 'Added by grow.' }, async () => ({ content: [{ type: 'text', text: 'new' }] }));
        return { content: [{ type: 'text', text: 'grown' }] };
      });
      return server;
    });
    const collection = httpTools(http.url);
    const [grow] = await collection.current();
    await grow!.execute({}, context);
    // The notification comes on its own stream, at its own time: wait for the re-listing it causes.
    while ((await collection.current()).length < 2) await sleep(10);
    expect((await collection.current()).map((tool) => tool.name)).toEqual(['growing_grow', 'growing_added']);
  });

  it('ends its session on the server on close()', async () => {
    const http = await startHttpMcpServer(() => createTestServer('remote').server);
    const collection = mcpTools({ url: new URL(http.url) });
    await collection.current();
    expect(http.openSessions).toBe(1);
    await collection.close();
    expect(http.openSessions).toBe(0);
  });

  it('offers nothing when close() ends a listing still on its way', async () => {
    const { state, server } = createRawServer('slow', [[listedTool('a')]]);
    state.listingGate = new Promise(() => undefined);
    const http = await startHttpMcpServer(() => server);
    const collection = httpTools(http.url);
    const listing = collection.current();
    while (state.listings === 0) await sleep(10);
    await collection.close();
    expect(await listing).toEqual([]);
  });

  it('rejects the first listing when nothing listens at the URL', async () => {
    const http = await startHttpMcpServer(() => createTestServer('gone').server);
    await http.close();
    await expect(httpTools(http.url).current()).rejects.toThrow(/fetch failed|ECONNREFUSED/);
  });
});
