import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach } from 'vitest';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * A Streamable HTTP MCP server on 127.0.0.1 with sessions, one `McpServer` per session, as the
 * SDK's examples run it (`create` gets the session's number, from 1). `expireSessions()` forgets every session, as a restarted server would.
 */
export async function startHttpMcpServer(create: (session: number) => McpServer | Server) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let opened = 0;
  let lastHeaders: Record<string, unknown> = {};
  const http = createServer(async (req, res) => {
    lastHeaders = req.headers;
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!transport) {
      if (id !== undefined || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
        return;
      }
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          opened += 1;
          sessions.set(sessionId, created);
        },
        onsessionclosed: (sessionId) => {
          sessions.delete(sessionId);
        },
      });
      await create(opened + 1).connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  const server = {
    url,
    get openSessions() {
      return sessions.size;
    },
    get sessionsOpened() {
      return opened;
    },
    get lastHeaders() {
      return lastHeaders;
    },
    async expireSessions() {
      const transports = [...sessions.values()];
      sessions.clear();
      await Promise.all(transports.map((transport) => transport.close()));
    },
    async close() {
      await server.expireSessions();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
  servers.push(server);
  return server;
}
