import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type Tool } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel, type WireMode } from '../support/wire-modes.js';

/** One bad call, then the model's recovery answer: the turn must go on and the history stay valid. */
async function askWithOneBadCall(
  mode: WireMode,
  call: { name: string; arguments: string | Record<string, unknown> },
  tools: readonly Tool[] = [echoTool()],
) {
  const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [{ id: 'bad_1', ...call }] }, { content: 'recovered' }]);
  const session = newSession({ model: 'm', tools, toolTimeoutMs: 200 });
  const result = await session.ask('go');
  const toolMessage = bodies()[1]!.messages.find((message) => message.role === 'tool');
  expect(result.content).toBe('recovered');
  expect(findConversationProblem(session.messages)).toBeUndefined();
  expect(session.actor.getSnapshot().value).toBe('idle');
  expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: 'bad_1' });
  return { result, call: result.toolCalls[0]!, toolContent: JSON.parse(String(toolMessage!.content)) as { error: { kind: string; message: string } } };
}

describe.each(WIRE_MODES)('bad input from the model becomes a tool message the model can act on ($name)', (mode) => {
  it.each(['lookup_everything', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])('unknown tool name %s runs no code', async (name) => {
    const { call, toolContent } = await askWithOneBadCall(mode, { name, arguments: {} });
    expect(call.error).toMatchObject({ kind: 'unknown_tool', availableTools: ['echo'] });
    expect(toolContent.error.message).toContain(`no tool named "${name}"`);
    expect(toolContent.error.message).toContain('echo');
  });

  it('arguments that are not JSON', async () => {
    const { call, toolContent } = await askWithOneBadCall(mode, { name: 'echo', arguments: '{"text": "unterminated' });
    expect(call).toMatchObject({ arguments: '{"text": "unterminated', error: { kind: 'invalid_json' } });
    expect(toolContent.error.message).toMatch(/not valid JSON/);
  });

  it('arguments failing the zod schema list every issue', async () => {
    const strictTool = defineTool({
      name: 'book',
      description: 'Books seats.',
      parameters: z.object({ seats: z.number().int().positive(), name: z.string() }),
      execute: () => 'booked',
    });
    const { call } = await askWithOneBadCall(mode, { name: 'book', arguments: { seats: -2 } }, [strictTool]);
    expect(call.error?.kind).toBe('invalid_arguments');
    if (call.error?.kind !== 'invalid_arguments') throw new Error('unreachable');
    expect(call.error.issues.map((issue) => issue.path).sort()).toEqual(['name', 'seats']);
    expect(call.error.message).toMatch(/seats: .*; name: /);
  });

  it('a tool that throws', async () => {
    const { call, toolContent } = await askWithOneBadCall(mode, { name: 'echo', arguments: { text: 'x' } }, [
      echoTool('echo', () => {
        throw new RangeError('disk on fire');
      }),
    ]);
    expect(call.error).toMatchObject({ kind: 'tool_failed', errorName: 'RangeError' });
    expect(toolContent.error.message).toContain('disk on fire');
  });

  it('a tool that hangs past its timeout is aborted through its signal', async () => {
    let abortReason: unknown;
    const hanging = defineTool({
      name: 'hang',
      description: 'Never finishes on its own.',
      parameters: z.object({}),
      timeoutMs: 50,
      execute: (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            abortReason = signal.reason;
            reject(signal.reason);
          });
        }),
    });
    const { call } = await askWithOneBadCall(mode, { name: 'hang', arguments: {} }, [hanging]);
    expect(call.error).toMatchObject({ kind: 'timeout', timeoutMs: 50 });
    expect((abortReason as DOMException).name).toBe('TimeoutError');
  });

  it('a tool that ignores its signal still times out (session toolTimeoutMs)', async () => {
    const { call } = await askWithOneBadCall(mode, { name: 'echo', arguments: { text: 'x' } }, [echoTool('echo', () => new Promise(() => {}))]);
    expect(call.error).toMatchObject({ kind: 'timeout', timeoutMs: 200 });
  });

  it.each([
    ['circular', () => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    }],
    ['BigInt', () => ({ big: 10n })],
    ['function', () => () => 1],
  ])('a %s result that is not JSON-serializable', async (_label, produce) => {
    const { call } = await askWithOneBadCall(mode, { name: 'echo', arguments: { text: 'x' } }, [echoTool('echo', produce)]);
    expect(call.error).toMatchObject({ kind: 'unserializable_result' });
  });

  it('a mix of good and bad calls: the good ones run, all are answered in order', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      {
        toolCalls: [
          { id: 'ok_1', name: 'echo', arguments: { text: 'a' } },
          { id: 'bad_json', name: 'echo', arguments: 'nope' },
          { id: 'unknown', name: 'nope', arguments: {} },
          { id: 'ok_2', name: 'echo', arguments: { text: 'b' } },
        ],
      },
      { content: 'partly' },
    ]);
    const session = newSession({ model: 'm', tools: [echoTool()] });
    const result = await session.ask('mixed');
    expect(result.toolCalls.map((call) => [call.id, call.error?.kind ?? 'ok'])).toEqual([
      ['ok_1', 'ok'],
      ['bad_json', 'invalid_json'],
      ['unknown', 'unknown_tool'],
      ['ok_2', 'ok'],
    ]);
    expect(bodies()[1]!.messages.filter((m) => m.role === 'tool').map((m) => m.role === 'tool' && m.tool_call_id)).toEqual([
      'ok_1',
      'bad_json',
      'unknown',
      'ok_2',
    ]);
  });

  it('a round where every call fails its checks skips execution and goes straight to responding', async () => {
    const { newSession } = await wireModel(mode, [{ toolCalls: [{ id: 'x', name: 'missing', arguments: {} }] }, { content: 'ok' }]);
    const session = newSession({ model: 'm', tools: [echoTool()] });
    const states: string[] = [];
    session.actor.subscribe((snapshot) => states.push(JSON.stringify(snapshot.value)));
    await session.ask('go');
    expect(states.some((state) => state.includes('executing'))).toBe(false);
    expect(states).toContain('"responding"');
  });

  it('strict-mode nulls for optional parameters mean "absent"', async () => {
    const seen: unknown[] = [];
    const weather = defineTool({
      name: 'weather',
      description: 'Weather.',
      parameters: z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional() }),
      execute: (args) => {
        seen.push(args);
        return { sky: 'sunny' };
      },
    });
    const { call } = await askWithOneBadCall(mode, { name: 'weather', arguments: { city: 'Oslo', unit: null } }, [weather]);
    expect(call.error).toBeUndefined();
    expect(seen).toEqual([{ city: 'Oslo' }]);
  });
});

describe.each(WIRE_MODES)('tool call ids from loose OpenAI-compatible servers ($name)', (mode) => {
  it('empty and repeated ids get unique ones, so every call is answered exactly once', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      {
        toolCalls: [
          { id: 'dup', name: 'echo', arguments: { text: '1' } },
          { id: 'dup', name: 'echo', arguments: { text: '2' } },
          { id: '', name: 'echo', arguments: { text: '3' } },
        ],
      },
      { content: 'ok' },
    ]);
    const session = newSession({ model: 'm', tools: [echoTool()] });
    const result = await session.ask('go');
    const ids = result.toolCalls.map((call) => call.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe('dup');
    expect(result.toolCalls.map((call) => call.result)).toEqual([{ echoed: '1' }, { echoed: '2' }, { echoed: '3' }]);
    expect(findConversationProblem(bodies()[1]!.messages)).toBeUndefined();
  });
});
