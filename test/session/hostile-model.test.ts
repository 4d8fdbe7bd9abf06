import { describe, expect, it } from 'vitest';
import { ApiRequestError, createSession } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

/**
 * Responses the SDK parses but that are not what the API promises, sent byte for byte by the offline
 * server's raw replies. Whatever arrives, the session either records a history the strict server
 * accepts, or fails the request with a retryable ApiRequestError before recording anything; either
 * way the next turn works.
 */
const completion = (message: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message, finish_reason: 'tool_calls', ...extra }] });
const raw = (body: string, status = 200): ScriptedReply => ({ raw: { status, body } });

/** The turn with the malformed reply, then the model's recovery, then a second turn: all must work. */
async function survive(malformed: ScriptedReply, tools = [echoTool()]) {
  const { client, bodies, server } = await scriptedModel([malformed, { content: 'recovered' }, { content: 'next turn' }]);
  const session = createSession({ client, model: 'm', tools });
  const first = await session.ask('go').then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if ('error' in first) {
    expect(first.error).toBeInstanceOf(ApiRequestError);
    expect(session.actor.getSnapshot().value).toBe('failed');
    expect((await session.retry()).content).toBe('recovered');
  } else {
    expect(typeof first.result.content).toBe('string');
  }
  expect(findConversationProblem(session.messages)).toBeUndefined();
  expect(['recovered', 'next turn']).toContain((await session.ask('again')).content);
  // The strict server rejects any history the API would: every request it got after the first passed.
  for (const body of bodies().slice(1)) expect(findConversationProblem(body.messages)).toBeUndefined();
  expect(server.requests.length).toBeGreaterThanOrEqual(2);
  return { first, session, bodies };
}

describe('malformed tool calls are answered with a typed error, never recorded as they came', () => {
  it.each([
    ['a call without `function`', { id: 'c1', type: 'function' }, 'malformed_call'],
    ['a call without `type` (but with function)', { id: 'c1', function: { name: 'echo', arguments: '{"text":"x"}' } }, null],
    ['a custom call without `custom`', { id: 'c1', type: 'custom' }, 'malformed_call'],
    ['a null entry', null, 'malformed_call'],
    ['a function without a name', { id: 'c1', type: 'function', function: { arguments: '{}' } }, 'malformed_call'],
    ['arguments as an object', { id: 'c1', type: 'function', function: { name: 'echo', arguments: { text: 'obj' } } }, null],
    ['a numeric id', { id: 42, type: 'function', function: { name: 'echo', arguments: '{"text":"n"}' } }, null],
    ['an unknown call type', { id: 'c1', type: 'teleport', teleport: {} }, 'malformed_call'],
  ])('%s', async (_label, call, kind) => {
    const { first, bodies } = await survive(raw(completion({ role: 'assistant', content: null, tool_calls: [call] })));
    expect('result' in first).toBe(true);
    if (!('result' in first)) return;
    const summary = first.result.toolCalls[0]!;
    if (kind) expect(summary.error?.kind).toBe(kind);
    else expect(summary.error).toBeUndefined();
    // What was recorded and sent back is well-formed: id a string, arguments a string.
    const assistant = bodies()[1]!.messages.find((message) => message.role === 'assistant');
    expect(assistant).toMatchObject({ tool_calls: [{ id: expect.any(String), type: 'function', function: { name: expect.any(String), arguments: expect.any(String) } }] });
  });
});

describe('replies that cannot be used fail the request with a retryable, typed error', () => {
  it.each([
    ['`tool_calls` that is not an array', raw(completion({ role: 'assistant', content: null, tool_calls: { id: 'c1' } })), /tool_calls is an object, not an array/],
    ['finish_reason "tool_calls" with no calls and no text', raw(completion({ role: 'assistant', content: null })), /neither tool calls nor content/],
    ['an empty object', raw('{}'), /no `choices` array/],
    ['empty choices', raw(JSON.stringify({ choices: [] })), /empty `choices` array/],
    ['a null message', raw(JSON.stringify({ choices: [{ index: 0, message: null }] })), /has no message \(it is null\)/],
    ['HTML with status 200', { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Gateway</body></html>' } } as ScriptedReply, /not JSON \(it starts with "<html>/],
    ['content that is an object', raw(completion({ role: 'assistant', content: { text: 'x' } }, { finish_reason: 'stop' })), /content is an object/],
  ])('%s', async (_label, reply, message) => {
    const { first } = await survive(reply);
    expect('error' in first).toBe(true);
    if (!('error' in first)) return;
    expect(first.error).toMatchObject({ name: 'ApiRequestError', code: 'invalid_response', stage: 'decide', status: null });
    expect((first.error as ApiRequestError).message).toMatch(message);
  });
});

describe('fields of the wrong type are normalized into what the API accepts', () => {
  it('content that is a number becomes a string, in the result and in the history', async () => {
    const { first, session } = await survive(raw(completion({ role: 'assistant', content: 42 }, { finish_reason: 'stop' })));
    expect('result' in first && first.result.content).toBe('42');
    expect(session.messages[1]).toEqual({ role: 'assistant', content: '42' });
  });

  it('content sent as text parts is read as their text', async () => {
    const { first } = await survive(raw(completion({ role: 'assistant', content: [{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }] }, { finish_reason: 'stop' })));
    expect('result' in first && first.result.content).toBe('Hello');
  });

  it('finish_reason "tool_calls" with text but no calls is an answer', async () => {
    const { first } = await survive(raw(completion({ role: 'assistant', content: 'Just text.' })));
    expect('result' in first && first.result).toMatchObject({ content: 'Just text.', stopReason: 'stop' });
  });
});
