import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { createSession } from '../../src/index.js';
import { mcpTools, type McpToolCollection } from '../../src/mcp/index.js';
import { scriptedModel } from '../support/scripted-model.js';

const serverScript = resolve(import.meta.dirname, 'support/stdio-test-server.ts');
const collections: McpToolCollection[] = [];
afterEach(async () => {
  await Promise.all(collections.splice(0).map((collection) => collection.close()));
});

function stdioTools(name = 'child', env?: Record<string, string>) {
  const collection = mcpTools({ command: process.execPath, args: ['--import', 'tsx', serverScript, name], env, cwd: resolve(import.meta.dirname, '../..') });
  collections.push(collection);
  return collection;
}

async function childPid(collection: McpToolCollection): Promise<number> {
  const pid = (await collection.current()).find((tool) => tool.mcpName === 'pid')!;
  return Number(await pid.execute({}, { signal: new AbortController().signal, toolCallId: 'call_pid', idempotencyKey: 'k' }));
}

/** The child writes the file once it has the call; polling for it waits, it asserts nothing about time. */
async function fileWritten(path: string): Promise<string> {
  while (!existsSync(path) || readFileSync(path, 'utf8') === '') await sleep(10);
  return readFileSync(path, 'utf8');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('an MCP server as a stdio child process', { timeout: 30_000 }, () => {
  it('starts the child on first use, lists its tools and calls them', async () => {
    const collection = stdioTools();
    expect(collection.name).toBe(process.execPath);
    const tools = await collection.current();
    expect(collection.name).toBe('child');
    expect(tools.map((tool) => tool.name)).toContain('child_echo');
    const pid = await childPid(collection);
    expect(pid).not.toBe(process.pid);
    expect(isRunning(pid)).toBe(true);
  });

  it('reports a child killed mid-call as transport_failed, and starts a new one for the next turn', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'toolcycle-mcp-')), 'started');
    const collection = stdioTools();
    const { client } = await scriptedModel([
      { toolCalls: [{ id: 'call_1', name: 'child_wait', arguments: { marker } }] },
      { content: 'the server died' },
      { toolCalls: [{ id: 'call_2', name: 'child_pid', arguments: {} }] },
      { content: 'a new one answers' },
    ]);
    const session = createSession({ client, model: 'm', tools: [collection] });

    const turn = session.ask('wait');
    const firstPid = Number(await fileWritten(marker));
    process.kill(firstPid, 'SIGKILL');
    const first = await turn;
    expect(first.toolCalls[0]!.error).toEqual({
      kind: 'transport_failed',
      message: 'The connection to the MCP server "child" closed during the call: MCP error -32000: Connection closed',
    });

    const second = await session.ask('who are you');
    const secondPid = Number(second.toolCalls[0]!.result);
    expect(secondPid).toBeGreaterThan(0);
    expect(secondPid).not.toBe(firstPid);
    expect(findConversationProblem(session.messages)).toBeUndefined();
  });

  it('starts a new child for the next turn when the child dies between turns', async () => {
    const collection = stdioTools();
    const before = await collection.current();
    const firstPid = await childPid(collection);
    process.kill(firstPid, 'SIGKILL');
    // Waits for the exit to be noticed; without that, the dead child's tools would be offered forever.
    while ((await collection.current()) === before) await sleep(10);
    const secondPid = await childPid(collection);
    expect(secondPid).not.toBe(firstPid);
    expect(isRunning(secondPid)).toBe(true);
  });

  it('ends the child process on close()', async () => {
    const collection = stdioTools();
    const pid = await childPid(collection);
    await collection.close();
    expect(isRunning(pid)).toBe(false);
    expect(await collection.current()).toEqual([]);
    expect(collection.name).toBe('child');
  });

  it('ends a child that close() caught while it was still starting', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'toolcycle-mcp-')), 'pid');
    const collection = stdioTools('child', { TOOLCYCLE_TEST_PID_FILE: pidFile });
    const listing = collection.current();
    const pid = Number(await fileWritten(pidFile));
    await collection.close();
    expect(await listing).toEqual([]);
    expect(isRunning(pid)).toBe(false);
  });

  it('rejects the first listing, rather than hanging, when the command cannot start or dies at once (its stderr where asked)', async () => {
    const stderrFile = join(mkdtempSync(join(tmpdir(), 'toolcycle-mcp-')), 'stderr');
    const stderr = openSync(stderrFile, 'w');
    const missing = mcpTools({ command: join(tmpdir(), 'no-such-mcp-server') });
    const dying = mcpTools({ command: process.execPath, args: ['-e', "process.stderr.write('no config'); process.exit(3)"], stderr });
    collections.push(missing, dying);
    await expect(missing.current()).rejects.toThrow(/ENOENT/);
    await expect(dying.current()).rejects.toThrow(/Connection closed/);
    closeSync(stderr);
    expect(readFileSync(stderrFile, 'utf8')).toBe('no config');
  });
});
