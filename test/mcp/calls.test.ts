import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_META, mcpTools, type McpTool } from '../../src/mcp/index.js';
import { ToolFailure } from '../../src/tool-definition/tool-failure.js';
import { connectHandWrittenServer } from './support/hand-written-server.js';
import { connectInMemory } from './support/in-memory.js';
import { createRawServer, listedTool } from './support/raw-server.js';
import { createTestServer } from './support/test-server.js';

const context = (signal = new AbortController().signal) => ({ signal, toolCallId: 'call_1', idempotencyKey: 'conversation:1:call_1' });

async function testTools() {
  const test = createTestServer('test');
  const tools = await mcpTools(await connectInMemory(test.server)).current();
  const tool = (name: string) => tools.find((candidate) => candidate.mcpName === name) as McpTool;
  return { ...test, tool };
}

describe('calling MCP tools', () => {
  it('checks the arguments against the server’s schema, every issue with its path', async () => {
    const { tool } = await testTools();
    expect(tool('echo').checkArguments({ text: 5, times: 0 })).toEqual({
      ok: false,
      issues: [
        { path: 'text', message: 'must be string' },
        { path: 'times', message: 'must be >= 1' },
      ],
    });
    expect(tool('echo').checkArguments({})).toMatchObject({ ok: false, issues: [{ path: 'text', message: "must have required property 'text'" }] });
  });

  it('leaves out an optional argument the model sent as null (strict mode made it required), and passes the idempotency key', async () => {
    const { tool, calls } = await testTools();
    expect(tool('echo').definition.function.strict).toBe(true);
    const checked = tool('echo').checkArguments({ text: 'hi', times: null });
    expect(checked).toEqual({ ok: true, args: { text: 'hi' } });
    expect(await tool('echo').execute(checked.ok ? checked.args : {}, context())).toBe('hi');
    expect(calls).toEqual([{ name: 'echo', args: { text: 'hi', times: undefined }, meta: { [IDEMPOTENCY_KEY_META]: 'conversation:1:call_1' } }]);
  });

  it('returns structured content as it is and describes binary content in a line', async () => {
    const { tool } = await testTools();
    expect(await tool('weather').execute({ city: 'Paris' }, context())).toEqual({ city: 'Paris', celsius: 21 });
    expect(await tool('media').execute({}, context())).toBe(
      [
        'Here it is.',
        '[image: image/png, 10 bytes]',
        '[audio: audio/wav, 3 bytes]',
        '[resource link: report.pdf file:///tmp/report.pdf (The report)]',
        '[resource file:///tmp/notes.txt]\nembedded text',
        '[resource file:///tmp/blob.bin: application/octet-stream, 5 bytes]',
      ].join('\n'),
    );
  });

  it('turns isError into a tool failure with the server’s text', async () => {
    const { tool } = await testTools();
    const failure = await Promise.resolve(tool('fail').execute({}, context())).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolFailure);
    expect(failure).toMatchObject({ kind: 'tool_failed', message: 'The disk is full.' });
  });

  it('turns a JSON-RPC error from the server into a tool failure, not a transport one', async () => {
    const { server, state } = createRawServer('strict-server', [[listedTool('lookup')]]);
    const [lookup] = await mcpTools(await connectInMemory(server)).current();
    state.callError = new McpError(ErrorCode.InvalidParams, 'no such record');
    await expect(lookup!.execute({}, context())).rejects.toMatchObject({
      kind: 'tool_failed',
      message: 'The MCP server "strict-server" answered "lookup" with error -32602: no such record',
    });
  });

  it('reports a result that is not a tool result as the tool failing', async () => {
    const client = await connectHandWrittenServer('sloppy', [listedTool('lookup')], { content: 'just a string' });
    const [lookup] = await mcpTools(client).current();
    await expect(lookup!.execute({}, context())).rejects.toMatchObject({
      kind: 'tool_failed',
      message: expect.stringContaining('The MCP server "sloppy" sent a result for "lookup" that is not a valid tool result'),
    });
  });

  it('cancels the MCP request when the signal aborts mid-call', async () => {
    const { tool, nextStart, nextCancellation } = await testTools();
    const controller = new AbortController();
    const started = nextStart();
    const cancelled = nextCancellation();
    const call = tool('wait').execute({}, context(controller.signal));
    await started;
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(call).rejects.toMatchObject({ name: 'AbortError', message: 'stop' });
    await cancelled;
  });

  it('reports a closed connection as a transport failure', async () => {
    const test = createTestServer('closing');
    const client = await connectInMemory(test.server);
    const [echo] = (await mcpTools(client).current()).filter((tool) => tool.mcpName === 'echo');
    await client.close();
    await expect(echo!.execute({ text: 'x' }, context())).rejects.toMatchObject({ kind: 'transport_failed', message: expect.stringContaining('"closing" could not be reached: Not connected') });
  });
});
