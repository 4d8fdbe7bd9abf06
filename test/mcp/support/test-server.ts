import { writeFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export interface SeenCall {
  name: string;
  args: unknown;
  meta: Record<string, unknown> | undefined;
}

/**
 * An MCP server (the SDK's own `McpServer`) with tools that succeed, fail, hang and report what
 * they saw; the same code runs in memory, over HTTP and as a stdio child process.
 */
export function createTestServer(name = 'test') {
  const server = new McpServer({ name, version: '1.0.0' });
  const calls: SeenCall[] = [];
  const cancellations: string[] = [];
  const onCancelled = new Set<() => void>();
  const onStarted = new Set<() => void>();

  server.registerTool(
    'echo',
    { description: 'Echo the text back.', inputSchema: { text: z.string(), times: z.number().int().min(1).optional() }, annotations: { readOnlyHint: true } },
    async ({ text, times }, extra) => {
      calls.push({ name: 'echo', args: { text, times }, meta: extra._meta });
      return { content: [{ type: 'text', text: Array.from({ length: times ?? 1 }, () => text).join(' ') }] };
    },
  );
  server.registerTool('fail', { description: 'Always reports an error.', annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: 'text', text: 'The disk is full.' }],
    isError: true,
  }));
  server.registerTool(
    'wait',
    {
      description: 'Never answers: waits until the call is cancelled. Writes `marker` (a file path) once it has the call.',
      inputSchema: { marker: z.string().optional() },
      annotations: { readOnlyHint: true },
    },
    (args, extra) =>
      new Promise((resolve) => {
        calls.push({ name: 'wait', args, meta: extra._meta });
        if (args.marker) writeFileSync(args.marker, String(process.pid));
        for (const listener of onStarted) listener();
        extra.signal.addEventListener('abort', () => {
          cancellations.push(String(extra.requestId));
          for (const listener of onCancelled) listener();
          resolve({ content: [{ type: 'text', text: 'cancelled' }] });
        });
      }),
  );
  server.registerTool('pid', { description: "The server process's id.", annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: 'text', text: String(process.pid) }],
  }));
  server.registerTool('media', { description: 'Returns every kind of content block.', annotations: { readOnlyHint: true } }, async () => ({
    content: [
      { type: 'text', text: 'Here it is.' },
      { type: 'image', data: Buffer.from('0123456789').toString('base64'), mimeType: 'image/png' },
      { type: 'audio', data: Buffer.from('abc').toString('base64'), mimeType: 'audio/wav' },
      { type: 'resource_link', uri: 'file:///tmp/report.pdf', name: 'report.pdf', description: 'The report' },
      { type: 'resource', resource: { uri: 'file:///tmp/notes.txt', text: 'embedded text' } },
      { type: 'resource', resource: { uri: 'file:///tmp/blob.bin', blob: Buffer.from('12345').toString('base64'), mimeType: 'application/octet-stream' } },
    ],
  }));
  server.registerTool(
    'weather',
    {
      description: 'Structured weather.',
      inputSchema: { city: z.string() },
      outputSchema: { city: z.string(), celsius: z.number() },
      annotations: { readOnlyHint: true },
    },
    async ({ city }) => ({ content: [{ type: 'text', text: `{"city":"${city}","celsius":21}` }], structuredContent: { city, celsius: 21 } }),
  );

  /** Resolves when the next `wait` call reaches the server. */
  const nextStart = () => new Promise<void>((resolve) => onStarted.add(function once() { onStarted.delete(once); resolve(); }));
  /** Resolves when the server sees a `wait` call cancelled. */
  const nextCancellation = () => new Promise<void>((resolve) => onCancelled.add(function once() { onCancelled.delete(once); resolve(); }));
  return { server, calls, cancellations, nextStart, nextCancellation };
}
