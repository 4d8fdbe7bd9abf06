import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { createSession } from '../../src/index.js';
import { mcpTools, type McpToolCollection } from '../../src/mcp/index.js';
import { scriptedModel } from '../support/scripted-model.js';

const root = resolve(import.meta.dirname, '../..');
let notes: McpToolCollection | undefined;
afterEach(async () => {
  await notes?.close();
});

describe('the bundled example MCP server (examples/mcp-server/notes-server.ts)', { timeout: 30_000 }, () => {
  it('runs with `npx tsx` and serves a real session through the openai SDK, each result in its tool message', async () => {
    notes = mcpTools({ command: 'npx', args: ['tsx', 'examples/mcp-server/notes-server.ts'], cwd: root });
    const { client, bodies } = await scriptedModel([
      { toolCalls: [{ id: 'call_add', name: 'notes_add_note', arguments: { title: 'groceries', text: 'milk, eggs' } }] },
      {
        toolCalls: [
          { id: 'call_search', name: 'notes_search', arguments: { query: 'EGGS', limit: null } },
          { id: 'call_list', name: 'notes_list_notes', arguments: {} },
        ],
      },
      { content: 'You have one note: groceries.' },
    ]);
    const session = createSession({ client, model: 'm', tools: [notes] });

    const result = await session.ask('Note down milk and eggs under "groceries", then list my notes.');

    expect(result.content).toBe('You have one note: groceries.');
    const tools = bodies()[0]!.tools!.map((tool) => (tool.type === 'function' ? [tool.function.name, tool.function.strict] : tool.type));
    expect(tools).toEqual([
      ['notes_add_note', true],
      ['notes_list_notes', true],
      ['notes_search', true],
      ['notes_delete_note', true],
    ]);
    const note = { id: 1, title: 'groceries', text: 'milk, eggs' };
    expect(session.messages.filter((message) => message.role === 'tool')).toEqual([
      { role: 'tool', tool_call_id: 'call_add', content: JSON.stringify(note) },
      { role: 'tool', tool_call_id: 'call_search', content: '#1 groceries: milk, eggs' },
      { role: 'tool', tool_call_id: 'call_list', content: JSON.stringify({ notes: [note] }) },
    ]);
    expect(findConversationProblem(session.messages)).toBeUndefined();
    // add_note writes (never re-run), the others only read.
    expect((await notes.current()).map((tool) => [tool.mcpName, tool.effect])).toEqual([
      ['add_note', 'write_once'],
      ['list_notes', 'read_only'],
      ['search', 'read_only'],
      ['delete_note', 'write_once'],
    ]);
  });
});
