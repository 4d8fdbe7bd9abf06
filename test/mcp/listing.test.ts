import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../src/conversation/errors.js';
import { effectFromAnnotations, mcpTools, type McpConnection } from '../../src/mcp/index.js';
import { MAX_TOOL_PAGES } from '../../src/mcp/list-all-tools.js';
import { TOOL_NAME_PATTERN } from '../../src/tool-definition/define-tool.js';
import { connectInMemory } from './support/in-memory.js';
import { createRawServer, listedTool } from './support/raw-server.js';
import { createTestServer } from './support/test-server.js';

const context = { signal: new AbortController().signal, toolCallId: 'call_1', idempotencyKey: 'conversation:1:call_1' };

describe('listing an MCP server’s tools', () => {
  it('reads every page of tools/list, following nextCursor', async () => {
    const { server, state } = createRawServer('paged', [[listedTool('a'), listedTool('b')], [listedTool('c')], [listedTool('d')]]);
    const tools = await mcpTools(await connectInMemory(server)).current();
    expect(tools.map((tool) => tool.mcpName)).toEqual(['a', 'b', 'c', 'd']);
    expect(state.listings).toBe(3);
  });

  it('reads an empty nextCursor as the last page', async () => {
    const { server, state } = createRawServer('paged', [[listedTool('a')], [listedTool('b')]]);
    state.nextCursor = (index) => (index === 0 ? '1' : '');
    expect((await mcpTools(await connectInMemory(server)).current()).map((tool) => tool.mcpName)).toEqual(['a', 'b']);
  });

  it('fails a listing whose cursors loop instead of listing forever', async () => {
    const { server, state } = createRawServer('loop', [[listedTool('a')], [listedTool('b')]]);
    state.nextCursor = () => '1';
    await expect(mcpTools(await connectInMemory(server)).current()).rejects.toThrow('repeated the tools/list cursor "1"');
  });

  it('stops a server that keeps inventing cursors', async () => {
    const { server, state } = createRawServer('endless', [[listedTool('a')]]);
    state.nextCursor = (index) => String(index + 1);
    await expect(mcpTools(await connectInMemory(server)).current()).rejects.toThrow(`more than ${MAX_TOOL_PAGES} pages`);
    expect(state.listings).toBe(MAX_TOOL_PAGES);
  });

  it('keeps two servers’ `search` tools apart by the server names, and routes each call to its own server', async () => {
    const docs = createRawServer('docs', [[listedTool('search')]]);
    const web = createRawServer('@acme/web', [[listedTool('search')]]);
    const [docsTools, webTools] = await Promise.all([
      connectInMemory(docs.server).then((client) => mcpTools(client).current()),
      connectInMemory(web.server).then((client) => mcpTools(client).current()),
    ]);
    expect(docsTools.map((tool) => tool.name)).toEqual(['docs_search']);
    expect(webTools.map((tool) => tool.name)).toEqual(['web_search']);
    await webTools[0]!.execute({}, context);
    expect(web.state.calls).toEqual([{ name: 'search', arguments: {} }]);
    expect(docs.state.calls).toEqual([]);
  });

  it('makes names valid for OpenAI without collisions and calls the tool by its original name', async () => {
    const originals = ['files.read', 'files/read', 'files_read', 'read file', 'r'.repeat(70)];
    const { server, state } = createRawServer('fs', [originals.map((name) => listedTool(name))]);
    const tools = await mcpTools(await connectInMemory(server), { prefix: 'disk' }).current();
    expect(tools.map((tool) => tool.mcpName)).toEqual(originals);
    for (const tool of tools) expect(tool.definition.function.name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(originals.length);
    expect(tools.find((tool) => tool.mcpName === 'files_read')!.name).toBe('disk_files_read');

    await tools.find((tool) => tool.mcpName === 'files/read')!.execute({}, context);
    expect(state.calls).toEqual([{ name: 'files/read', arguments: {} }]);
  });

  it('offers no prefix when asked for none, and only the tools the filter keeps', async () => {
    const { server } = createRawServer('many', [[listedTool('keep'), listedTool('drop')]]);
    const tools = await mcpTools(await connectInMemory(server), { prefix: '', filter: (tool) => tool.name !== 'drop' }).current();
    expect(tools.map((tool) => tool.name)).toEqual(['keep']);
  });

  it('maps annotations onto effects, sets the origin and lets the caller overrule either', async () => {
    const annotated = (name: string, annotations: object) => listedTool(name, {}, { annotations });
    const { server } = createRawServer('effects', [
      [
        annotated('read', { readOnlyHint: true, destructiveHint: true }),
        annotated('upsert', { idempotentHint: true, destructiveHint: false }),
        annotated('wipe', { idempotentHint: true }),
        annotated('append', { destructiveHint: false }),
        annotated('plain', { title: 'Plain', openWorldHint: true }),
      ],
    ]);
    const tools = await mcpTools(await connectInMemory(server), {
      effect: (tool) => (tool.name === 'append' ? 'idempotent' : undefined),
      needsApproval: (tool) => tool.annotations?.readOnlyHint !== true,
    }).current();
    expect(Object.fromEntries(tools.map((tool) => [tool.mcpName, [tool.effect, tool.needsApproval, tool.origin]]))).toEqual({
      read: ['read_only', false, 'mcp:effects'],
      upsert: ['idempotent', true, 'mcp:effects'],
      wipe: ['write_once', true, 'mcp:effects'],
      append: ['idempotent', true, 'mcp:effects'],
      plain: ['unspecified', true, 'mcp:effects'],
    });
  });

  it('follows MCP’s defaults when annotations say nothing about effects', () => {
    expect(effectFromAnnotations(undefined)).toBe('unspecified');
    expect(effectFromAnnotations({ readOnlyHint: false })).toBe('write_once');
    expect(effectFromAnnotations({ idempotentHint: true, destructiveHint: true })).toBe('write_once');
  });

  it('describes a tool by its description, else its title; a tool with neither is sent without one', async () => {
    const { server } = createRawServer('terse', [
      [
        listedTool('described'),
        { name: 'titled', title: 'Titled tool', inputSchema: { type: 'object' } },
        { name: 'bare', inputSchema: { type: 'object' } },
      ],
    ]);
    const tools = await mcpTools(await connectInMemory(server)).current();
    expect(tools.map((tool) => tool.description)).toEqual(['The described tool.', 'Titled tool', '']);
    expect(tools[2]!.definition.function).not.toHaveProperty('description');
  });

  it('sends a schema strict mode cannot take non-strict, with the reason on the tool', async () => {
    const { server } = createRawServer('schemas', [
      [
        listedTool('strict', { q: { type: 'string' } }),
        listedTool('labels', { labels: { type: 'object', additionalProperties: { type: 'string' } } }),
        listedTool('link', { url: { type: 'string', format: 'uri' } }),
      ],
    ]);
    const tools = await mcpTools(await connectInMemory(server)).current();
    expect(tools.map((tool) => [tool.mcpName, tool.definition.function.strict, tool.strictReason])).toEqual([
      ['strict', true, null],
      ['labels', false, expect.stringContaining('properties.labels accepts additional properties')],
      ['link', false, expect.stringContaining('format "uri"')],
    ]);
    expect(tools[1]!.definition.function.parameters).toEqual({ type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } });
  });

  it('lists what it cannot offer in `skipped`, with why, and offers the rest', async () => {
    const { server } = createRawServer('odd', [
      [
        listedTool('fine'),
        listedTool('task_only', {}, { execution: { taskSupport: 'required' } }),
        listedTool('broken_ref', { a: { $ref: '#/$defs/Missing' } }),
        listedTool('fine'),
        listedTool('bad_effect'),
      ],
    ]);
    const collection = mcpTools(await connectInMemory(server), {
      effect: (tool) => (tool.name === 'bad_effect' ? ('readonly' as never) : undefined),
    });
    expect((await collection.current()).map((tool) => tool.mcpName)).toEqual(['fine']);
    expect(collection.skipped).toEqual([
      { name: 'fine', reason: 'the server lists it more than once; the first listing is used' },
      { name: 'bad_effect', reason: expect.stringContaining('effect returned "readonly"') },
      { name: 'task_only', reason: expect.stringContaining('MCP task') },
      { name: 'broken_ref', reason: expect.stringContaining('input schema cannot be compiled') },
    ]);
  });

  it('lists once and again only after notifications/tools/list_changed', async () => {
    const { server, state } = createRawServer('changing', [[listedTool('one')]]);
    const client = await connectInMemory(server);
    const collection = mcpTools(client);
    const first = await collection.current();
    expect(await collection.current()).toBe(first);
    expect(state.listings).toBe(1);

    state.pages = [[listedTool('one'), listedTool('two')]];
    await server.sendToolListChanged();
    await client.ping(); // the notification, sent before the ping's answer, has been handled
    expect((await collection.current()).map((tool) => tool.mcpName)).toEqual(['one', 'two']);
    expect(state.listings).toBe(2);
  });

  it('offers the last known tools when listing again fails, and lists again on the next turn', async () => {
    const { server, state } = createRawServer('flaky', [[listedTool('one')]]);
    const client = await connectInMemory(server);
    const collection = mcpTools(client);
    const first = await collection.current();

    state.listingError = new Error('database down');
    await server.sendToolListChanged();
    await client.ping();
    expect(await collection.current()).toBe(first);
    expect(await collection.current()).toBe(first);
    expect(state.listings).toBe(3);

    state.listingError = undefined;
    state.pages = [[listedTool('two')]];
    expect((await collection.current()).map((tool) => tool.mcpName)).toEqual(['two']);
  });

  it('shares one listing between turns that start together', async () => {
    const { server, state } = createRawServer('shared', [[listedTool('one')]]);
    const collection = mcpTools(await connectInMemory(server));
    const [a, b] = await Promise.all([collection.current(), collection.current()]);
    expect(a).toBe(b);
    expect(state.listings).toBe(1);
  });

  it('offers nothing once closed, and leaves a Client it was given open for its owner', async () => {
    const { server } = createTestServer('owned-elsewhere');
    const client = await connectInMemory(server);
    const collection = mcpTools(client);
    expect((await collection.current()).length).toBeGreaterThan(0);
    await collection.close();
    expect(await collection.current()).toEqual([]);
    await expect(client.ping()).resolves.toEqual({});
  });

  it('rejects a connection or options it cannot use, at once', () => {
    expect(() => mcpTools({} as McpConnection)).toThrow(InvalidOptionsError);
    expect(() => mcpTools({ url: 'localhost:3000/mcp ' })).toThrow(InvalidOptionsError);
    expect(() => mcpTools({ command: 'x' }, { prefix: 'a.b' })).toThrow(/prefix/);
    expect(() => mcpTools({ command: 'x' }, { timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => mcpTools({ command: 'x' }, { filter: 'search' as never })).toThrow(/filter/);
    expect(() => mcpTools({ command: 'x' }, { needsApproval: 'yes' as never })).toThrow(/needsApproval/);
  });
});
