/** The test server as a stdio child process: `node --import tsx test/mcp/support/stdio-test-server.ts [name]`. */
import { writeFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createTestServer } from './test-server.js';

// Lets a test find the child before it has answered anything.
if (process.env.TOOLCYCLE_TEST_PID_FILE) writeFileSync(process.env.TOOLCYCLE_TEST_PID_FILE, String(process.pid));
await createTestServer(process.argv[2] ?? 'test').server.connect(new StdioServerTransport());
