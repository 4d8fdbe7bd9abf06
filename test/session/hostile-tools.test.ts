import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSession, defineTool, InvalidOptionsError, InvalidTurnError, ToolDefinitionError, type Session } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel, type WireMode } from '../support/wire-modes.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** One call to `tool`, the model's answer, and a second turn: the turn ends, the session goes on. */
async function oneCall(mode: WireMode, tool: ReturnType<typeof echoTool>, options: { toolTimeoutMs?: number; maxToolOutputChars?: number } = {}) {
  const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [{ id: 't1', name: tool.name, arguments: { text: 'x' } }] }, { content: 'after the tool' }, { content: 'second turn' }]);
  const session = newSession({ model: 'm', tools: [tool], toolTimeoutMs: options.toolTimeoutMs ?? 2_000, maxToolOutputChars: options.maxToolOutputChars });
  const result = await session.ask('go');
  expect(result.content).toBe('after the tool');
  expect((await session.ask('and then?')).content).toBe('second turn');
  expect(findConversationProblem(session.messages)).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled).toEqual([]);
  return { call: result.toolCalls[0]!, bodies, session };
}

const throwing = (thrown: () => unknown) =>
  echoTool('boom', () => {
    throw thrown();
  });

describe.each(WIRE_MODES)('tools that misbehave ($name)', (mode) => {
  describe('a tool that throws anything becomes a tool_failed error, never an unhandled rejection', () => {
    const hostileProxy = () =>
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap');
          },
          getPrototypeOf: () => {
            throw new Error('trap');
          },
          has: () => {
            throw new Error('trap');
          },
        },
      );
    it.each([
      ['null', () => null, 'null'],
      ['undefined', () => undefined, 'undefined'],
      ['a Symbol', () => Symbol('odd'), 'Symbol(odd)'],
      ['Object.create(null)', () => Object.create(null) as object, 'cannot be described'],
      ['an object whose message and name getters throw', () => ({ get message(): string { throw new Error('no'); }, get name(): string { throw new Error('no'); } }), '[object Object]'],
      ['a Proxy that throws on every access', hostileProxy, 'cannot be described'],
      ['a string', () => 'plain string', 'plain string'],
    ])('%s', async (_label, thrown, described) => {
      const { call } = await oneCall(mode, throwing(thrown));
      expect(call.error).toMatchObject({ kind: 'tool_failed' });
      expect(call.error!.message).toContain(described);
    });

    it('a synchronous throw from a non-async execute', async () => {
      const tool = defineTool({ name: 'sync', description: 'Throws at once.', parameters: z.object({ text: z.string() }), execute: () => { throw new TypeError('sync failure'); } });
      const { call } = await oneCall(mode, tool as ReturnType<typeof echoTool>);
      expect(call.error).toMatchObject({ kind: 'tool_failed', errorName: 'TypeError' });
    });

    it('a tool that rejects long after its timeout changes nothing', async () => {
      const late = echoTool('late', () => new Promise((_resolve, reject) => setTimeout(() => reject(Symbol('late')), 80)));
      const { call } = await oneCall(mode, late, { toolTimeoutMs: 20 });
      expect(call.error).toMatchObject({ kind: 'timeout', timeoutMs: 20 });
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(unhandled).toEqual([]);
    });
  });

  describe('tool output size', () => {
    it('a 50 MB result is cut to the session limit, with a note the model reads, and the next request stays small', async () => {
      const huge = 'x'.repeat(50 * 1024 * 1024);
      const { call, bodies } = await oneCall(mode, echoTool('huge', () => huge));
      expect(call.truncatedFrom).toBe(huge.length);
      const sent = bodies()[1]!.messages.find((message) => message.role === 'tool')!;
      expect(String(sent.content).length).toBeLessThan(100_300);
      expect(String(sent.content)).toMatch(/\[truncated by toolcycle: the tool returned 52,428,800 characters; only the first 100,000 are shown\]$/);
      expect(JSON.stringify(bodies()[2]).length).toBeLessThan(250_000);
    });

    it('a tool can set its own limit, and a session its default', async () => {
      const { call } = await oneCall(mode, echoTool('small', () => 'y'.repeat(500), { maxOutputChars: 100 }));
      expect(call.truncatedFrom).toBe(500);
      const sessionLimited = await oneCall(mode, echoTool('medium', () => ({ data: 'z'.repeat(5_000) })), { maxToolOutputChars: 1_000 });
      expect(sessionLimited.call.truncatedFrom).toBe(5_011);
      expect(String(sessionLimited.call.result)).toMatch(/^\{"data":"z+\n\[truncated by toolcycle/);
    });
  });

  it('a tool timeout of Infinity means no limit: a slow tool is not timed out', async () => {
    const slow = echoTool('slow', () => new Promise((resolve) => setTimeout(() => resolve('slow but fine'), 60)), { timeoutMs: Infinity });
    const { call } = await oneCall(mode, slow, { toolTimeoutMs: 10 });
    expect(call.result).toBe('slow but fine');
  });

  describe('a tool that calls ask() on its own session', () => {
    it('gets a typed error at once instead of waiting for the turn it is part of', async () => {
      const { newSession } = await wireModel(mode, [{ toolCalls: [{ id: 'r1', name: 'recurse', arguments: { text: 'x' } }] }, { content: 'done' }]);
      let session!: Session;
      let seen: unknown;
      const recurse = echoTool('recurse', async () => {
        seen = await session.ask('inner question').catch((error: unknown) => error);
        return 'recovered';
      });
      // A timeout far above the test's: only the immediate error lets it finish in time.
      session = newSession({ model: 'm', tools: [recurse], toolTimeoutMs: 60_000 });
      const started = Date.now();
      const result = await session.ask('outer');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(seen).toBeInstanceOf(InvalidTurnError);
      expect(seen).toMatchObject({ reason: 'reentrant_call' });
      expect(result.content).toBe('done');
    });

    it('may use another session freely', async () => {
      const inner = await wireModel(mode, [{ content: 'inner answer' }]);
      const other = inner.newSession({ model: 'm' });
      const { newSession } = await wireModel(mode, [{ toolCalls: [{ id: 'r1', name: 'delegate', arguments: { text: 'x' } }] }, { content: 'done' }]);
      const delegate = echoTool('delegate', async () => (await other.ask('help')).content);
      const session = newSession({ model: 'm', tools: [delegate] });
      expect((await session.ask('outer')).toolCalls[0]!.result).toBe('inner answer');
    });
  });
});

describe('timeouts Node cannot hold', () => {
  const base = { name: 't', description: 'd', parameters: z.object({}), execute: () => 1 };
  it.each([2 ** 31, 2 ** 40, 0, -5, Number.NaN, '100' as unknown as number])('timeoutMs %s is a ToolDefinitionError', (timeoutMs) => {
    expect(() => defineTool({ ...base, timeoutMs })).toThrow(ToolDefinitionError);
  });
  it.each([2 ** 31, 0, -1, Number.NaN])('toolTimeoutMs %s is an InvalidOptionsError', async (toolTimeoutMs) => {
    const { client } = await scriptedModel([]);
    expect(() => createSession({ client, model: 'm', toolTimeoutMs })).toThrow(InvalidOptionsError);
  });
  it.each([0, 1.5, -1])('maxToolOutputChars %s is an InvalidOptionsError', async (maxToolOutputChars) => {
    const { client } = await scriptedModel([]);
    expect(() => createSession({ client, model: 'm', maxToolOutputChars })).toThrow(InvalidOptionsError);
  });
});
