/** The test server as a stdio child process: `node --import tsx test/mcp/support/stdio-test-server.ts [name]`. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createTestServer } from './test-server.js';

await createTestServer(process.argv[2] ?? 'test').server.connect(new StdioServerTransport());
