import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.js';
import { parseCommandLine, type ChatCliOptions } from '../../src/cli/cli-options.js';
import { scriptedModel } from '../support/scripted-model.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function chat(argv: string[], lines: string[]) {
  const parsed = parseCommandLine(argv, {});
  if (parsed.kind !== 'chat') throw new Error(`parsed as ${parsed.kind}`);
  const options: ChatCliOptions = parsed.options;
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  input.end(lines.map((line) => `${line}\n`).join(''));
  const end = await runChat(options, { input, output, env: { COLUMNS: '200' }, interactive: false });
  return { text, end };
}

describe('toolcycle chat --api responses', () => {
  it('runs the turn over POST /v1/responses, replaying the conversation (stateless)', async () => {
    const { server } = await scriptedModel([{ toolCalls: [{ name: 'calculate', arguments: { expression: '6*7' } }] }, { content: 'It is 42.' }]);
    const { text, end } = await chat(['--base-url', server.baseURL, '--api', 'responses'], ['what is 6*7?']);
    expect(end).toBe('answered');
    expect(text).toMatch(/execute {2}calculate → \{"expression":"6\*7","result":42\}/);
    expect(text).toContain('It is 42.');
    expect(server.requests).toHaveLength(0);
    const [first, second] = server.responsesRequests.map((request) => request.body);
    expect(server.responsesRequests).toHaveLength(2);
    expect(first!.store).toBe(false);
    expect(second!.previous_response_id).toBeUndefined();
    expect(JSON.stringify(second!.input)).toContain('function_call_output');
  });

  it('--server-state continues with previous_response_id and sends only the new items', async () => {
    const { server } = await scriptedModel([{ toolCalls: [{ name: 'calculate', arguments: { expression: '6*7' } }] }, { content: 'It is 42.' }]);
    const { text } = await chat(['--base-url', server.baseURL, '--api', 'responses', '--server-state'], ['what is 6*7?']);
    expect(text).toContain('It is 42.');
    const [first, second] = server.responsesRequests.map((request) => request.body);
    expect(first!.store).toBe(true);
    expect(second!.previous_response_id).toEqual(expect.any(String));
    const items = second!.input as Array<{ type?: string }>;
    expect(items.map((item) => item.type)).toEqual(['function_call_output']);
  });
});

describe('toolcycle chat --mcp', { timeout: 60_000 }, () => {
  const notesServer = `npx tsx ${root}examples/mcp-server/notes-server.ts`;

  it("adds an MCP server's tools, and the trace says which server ran a call", async () => {
    const { server, bodies } = await scriptedModel([
      { toolCalls: [{ name: 'notes_add_note', arguments: { title: 'milk', text: 'buy milk' } }] },
      { content: 'Noted.' },
    ]);
    const { text, end } = await chat(['--base-url', server.baseURL, '--mcp', notesServer], ['note: buy milk', 'y']);
    expect(end).toBe('answered');
    // Not marked read-only: asked first, like the bundled save_note.
    expect(text).toMatch(/approve {2}notes_add_note \{"title":"milk","text":"buy milk"\}\? \[y\/N\/e\] y/);
    expect(text).toMatch(/^Tools: get_weather, .*notes_add_note @notes, .*notes_list_notes @notes/m);
    expect(text).toMatch(/connect {2}\S+ · \d+ tools/);
    expect(text).toMatch(/execute {2}notes_add_note @notes → \{"id":1,"title":"milk","text":"buy milk"\}/);
    const sent = bodies()[0]!.tools!.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type));
    expect(sent).toEqual(expect.arrayContaining(['get_weather', 'notes_add_note', 'notes_delete_note']));
  });

  it('a server that cannot start is one notice; the chat goes on with the bundled tools', async () => {
    const { server } = await scriptedModel([{ content: 'Fine without notes.' }]);
    const { text, end } = await chat(['--base-url', server.baseURL, '--mcp', `${process.execPath} ${root}no-such-server.js`], ['hello']);
    expect(text).toMatch(/MCP server .+: cannot list its tools \(.+\); going on without them\./);
    expect(text).toMatch(/^Tools: get_weather, [^@]*\.$/m);
    expect(text).toContain('Fine without notes.');
    expect(end).toBe('answered');
  });
});
