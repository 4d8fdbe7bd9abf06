import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ChatCompletionCreateParams, ChatCompletionMessageParam, ChatCompletionToolMessageParam } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { createSession, TurnCancelledError } from '../../src/index.js';
import { mcpTools } from '../../src/mcp/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { connectInMemory } from './support/in-memory.js';
import { createRawServer, listedTool } from './support/raw-server.js';
import { createTestServer } from './support/test-server.js';

const toolNames = (body: ChatCompletionCreateParams) => (body.tools ?? []).map((tool) => (tool.type === 'function' ? tool.function.name : tool.type));
const lastToolMessage = (session: { messages: readonly ChatCompletionMessageParam[] }) => session.messages.findLast((message) => message.role === 'tool') as ChatCompletionToolMessageParam;

describe('MCP tools in a session’s turns', () => {
  it('keeps a turn’s tool set when the server changes its tools mid-turn; the next turn sees the new set', async () => {
    const server = new McpServer({ name: 'growing', version: '1.0.0' });
    server.registerTool('grow', { description: 'Adds a tool to this server.' }, async () => {
      server.registerTool('added', { description: 'Added by grow.' }, async () => ({ content: [{ type: 'text', text: 'new' }] }));
      return { content: [{ type: 'text', text: 'grown' }] };
    });
    const { client, bodies } = await scriptedModel([
      { toolCalls: [{ id: 'call_1', name: 'growing_grow', arguments: {} }] },
      { toolCalls: [{ id: 'call_2', name: 'growing_added', arguments: {} }] },
      { content: 'done' },
      { toolCalls: [{ id: 'call_3', name: 'growing_added', arguments: {} }] },
      { content: 'done again' },
    ]);
    const session = createSession({ client, model: 'm', tools: [mcpTools(await connectInMemory(server))] });

    const first = await session.ask('grow');
    expect(toolNames(bodies()[0]!)).toEqual(['growing_grow']);
    expect(toolNames(bodies()[1]!)).toEqual(['growing_grow']);
    // The model asked for a tool its turn was not shown: it is unknown in this turn.
    expect(first.toolCalls[1]).toMatchObject({ name: 'growing_added', error: { kind: 'unknown_tool' } });

    const second = await session.ask('use the new tool');
    expect(toolNames(bodies()[3]!)).toEqual(['growing_grow', 'growing_added']);
    expect(second.toolCalls).toEqual([expect.objectContaining({ name: 'growing_added', result: 'new' })]);
    expect(findConversationProblem(session.messages)).toBeUndefined();
  });

  it('gives the model invalid_arguments without calling the server when the arguments miss its schema', async () => {
    const test = createTestServer('test');
    const { client } = await scriptedModel([{ toolCalls: [{ id: 'call_1', name: 'test_echo', arguments: { text: 5, times: null } }] }, { content: 'sorry' }]);
    const session = createSession({ client, model: 'm', tools: [mcpTools(await connectInMemory(test.server))] });
    const result = await session.ask('echo');
    expect(result.toolCalls[0]!.error).toMatchObject({ kind: 'invalid_arguments', issues: [{ path: 'text', message: 'must be string' }] });
    expect(test.calls).toEqual([]);
  });

  it('sends the server’s error text as a tool_failed result the model can read', async () => {
    const test = createTestServer('test');
    const { client } = await scriptedModel([{ toolCalls: [{ id: 'call_1', name: 'test_fail', arguments: {} }] }, { content: 'it failed' }]);
    const session = createSession({ client, model: 'm', tools: [mcpTools(await connectInMemory(test.server))] });
    await session.ask('fail');
    expect(JSON.parse(lastToolMessage(session).content as string)).toEqual({ error: { kind: 'tool_failed', message: 'The tool "test_fail" failed: The disk is full.', errorName: 'ToolFailure' } });
  });

  it('times a call out after the collection’s timeoutMs and cancels it on the server', async () => {
    const test = createTestServer('test');
    const cancelled = test.nextCancellation();
    const { client } = await scriptedModel([{ toolCalls: [{ id: 'call_1', name: 'test_wait', arguments: { marker: null } }] }, { content: 'too slow' }]);
    const session = createSession({ client, model: 'm', tools: [mcpTools(await connectInMemory(test.server), { timeoutMs: 50 })] });
    const result = await session.ask('wait');
    expect(result.toolCalls[0]!.error).toMatchObject({ kind: 'timeout', timeoutMs: 50 });
    await cancelled;
    expect(findConversationProblem(session.messages)).toBeUndefined();
  });

  it('cancels the running MCP call when the turn is aborted, leaving a valid history', async () => {
    const test = createTestServer('test');
    const started = test.nextStart();
    const cancelled = test.nextCancellation();
    const { client } = await scriptedModel([{ toolCalls: [{ id: 'call_1', name: 'test_wait', arguments: {} }] }]);
    const session = createSession({ client, model: 'm', tools: [mcpTools(await connectInMemory(test.server))] });
    const controller = new AbortController();
    const turn = session.ask('wait', { signal: controller.signal });
    await started;
    controller.abort();
    await expect(turn).rejects.toBeInstanceOf(TurnCancelledError);
    await cancelled;
    expect(findConversationProblem(session.messages)).toBeUndefined();
  });

  it('offers two servers’ `search` tools side by side and sends each call to its server', async () => {
    const docs = createRawServer('docs', [[listedTool('search', { q: { type: 'string' } })]]);
    const web = createRawServer('web', [[listedTool('search', { q: { type: 'string' } })]]);
    const { client, bodies } = await scriptedModel([{ toolCalls: [{ id: 'call_1', name: 'web_search', arguments: { q: 'mcp' } }] }, { content: 'found' }]);
    const session = createSession({
      client,
      model: 'm',
      tools: [mcpTools(await connectInMemory(docs.server)), mcpTools(await connectInMemory(web.server))],
    });
    const result = await session.ask('search the web');
    expect(toolNames(bodies()[0]!)).toEqual(['docs_search', 'web_search']);
    expect(result.toolCalls[0]).toMatchObject({ name: 'web_search', result: 'called search' });
    expect(web.state.calls).toEqual([{ name: 'search', arguments: { q: 'mcp' } }]);
    expect(docs.state.calls).toEqual([]);
  });

  it('stops for approval where needsApproval says so, and runs the call once approved', async () => {
    const test = createTestServer('test');
    const { client } = await scriptedModel([{ toolCalls: [{ id: 'call_1', name: 'test_echo', arguments: { text: 'hi', times: 2 } }] }, { content: 'echoed' }]);
    const tools = mcpTools(await connectInMemory(test.server), { needsApproval: (tool) => tool.name === 'echo' });
    const session = createSession({ client, model: 'm', tools: [tools] });
    const waiting = await session.ask('echo');
    expect(waiting.stopReason).toBe('approval_required');
    expect(waiting.pendingApprovals).toEqual([{ id: 'call_1', name: 'test_echo', arguments: { text: 'hi', times: 2 }, effect: 'read_only' }]);
    expect(test.calls).toEqual([]);
    const done = await session.decide({ call_1: { approve: true } });
    expect(done.toolCalls).toEqual([expect.objectContaining({ name: 'test_echo', result: 'hi hi', approval: 'approved' })]);
  });
});
