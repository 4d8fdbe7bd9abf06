import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LATEST_PROTOCOL_VERSION, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach } from 'vitest';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/**
 * A server written against the wire protocol, not the SDK, as servers in other languages are: it
 * answers `tools/call` with whatever `callResult` is, which the SDK's own server would refuse to send.
 */
export async function connectHandWrittenServer(name: string, tools: unknown[], callResult: unknown): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const results: Record<string, unknown> = {
    initialize: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: { tools: {} }, serverInfo: { name, version: '1.0.0' } },
    'tools/list': { tools },
    'tools/call': callResult,
  };
  serverSide.onmessage = (message: JSONRPCMessage) => {
    if (!('method' in message) || !('id' in message)) return;
    void serverSide.send({ jsonrpc: '2.0', id: message.id, result: results[message.method] ?? {} } as JSONRPCMessage);
  };
  await serverSide.start();
  const client = new Client({ name: 'toolcycle-test', version: '1.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}
