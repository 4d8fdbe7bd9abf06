/**
 * A small MCP server (notes kept in memory) for trying `mcpTools` out, built with the MCP SDK's own
 * `McpServer`. It speaks MCP over stdin/stdout, so a client starts it as a child process:
 *
 *   npx tsx examples/mcp-server/notes-server.ts
 *
 * Its tools carry annotations, which toolcycle reads as effects: `list_notes` and `search` are
 * read-only, `add_note` writes (never re-run), `delete_note` is destructive.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

interface Note {
  id: number;
  title: string;
  text: string;
}

export function createNotesServer(): McpServer {
  const notes = new Map<number, Note>();
  let nextId = 1;
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  const noteShape = { id: z.number().int(), title: z.string(), text: z.string() };

  server.registerTool(
    'add_note',
    {
      description: 'Save a note and return it with its id.',
      inputSchema: { title: z.string().min(1).describe('A short title'), text: z.string().describe('The note itself') },
      outputSchema: noteShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async ({ title, text }) => {
      const note = { id: nextId++, title, text };
      notes.set(note.id, note);
      return { content: [{ type: 'text', text: JSON.stringify(note) }], structuredContent: { ...note } };
    },
  );

  server.registerTool(
    'list_notes',
    {
      description: 'List every saved note.',
      outputSchema: { notes: z.array(z.object(noteShape)) },
      annotations: { readOnlyHint: true },
    },
    async () => {
      const all = [...notes.values()];
      return { content: [{ type: 'text', text: JSON.stringify({ notes: all }) }], structuredContent: { notes: all } };
    },
  );

  server.registerTool(
    'search',
    {
      description: 'Find notes whose title or text contains the query (case-insensitive).',
      inputSchema: { query: z.string().min(1), limit: z.number().int().positive().optional().describe('At most this many; default 10') },
      annotations: { readOnlyHint: true },
    },
    async ({ query, limit = 10 }) => {
      const needle = query.toLowerCase();
      const found = [...notes.values()].filter((note) => `${note.title}\n${note.text}`.toLowerCase().includes(needle)).slice(0, limit);
      const text = found.length === 0 ? `No note mentions "${query}".` : found.map((note) => `#${note.id} ${note.title}: ${note.text}`).join('\n');
      return { content: [{ type: 'text', text }] };
    },
  );

  server.registerTool(
    'delete_note',
    {
      description: 'Delete a note by id.',
      inputSchema: { id: z.number().int() },
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    async ({ id }) => {
      if (!notes.delete(id)) return { content: [{ type: 'text', text: `There is no note #${id}.` }], isError: true };
      return { content: [{ type: 'text', text: `Deleted note #${id}.` }] };
    },
  );

  return server;
}

// Run as a program (not when a test imports `createNotesServer`).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await createNotesServer().connect(new StdioServerTransport());
}
