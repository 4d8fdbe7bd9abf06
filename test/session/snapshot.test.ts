import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createSession, SessionSnapshotError, type Session } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { deferred, scriptedModel } from '../support/scripted-model.js';
import { runChild } from './fixtures/child-process.js';
import { effectTools, runsIn } from './fixtures/effect-tools.js';

/**
 * A model whose answer depends only on the conversation, so a request sent again after a restore
 * gets the same answer as the first time, and two runs can be compared message for message.
 */
function conversationalModel(calls: { name: string; text: string }[], hold?: Promise<void>) {
  return async (request: ChatCompletionCreateParams): Promise<ScriptedReply> => {
    const last = request.messages.at(-1)!;
    if (last.role === 'user') {
      await hold;
      return { toolCalls: calls.map((call, index) => ({ id: `call_${index}`, name: call.name, arguments: { text: call.text } })) };
    }
    return { content: `done after ${request.messages.filter((message) => message.role === 'tool').length} tool results` };
  };
}

const tempLog = () => join(mkdtempSync(join(tmpdir(), 'toolcycle-snapshot-')), 'runs.jsonl');
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

async function uninterrupted(calls: { name: string; text: string }[]) {
  const { client } = await scriptedModel(conversationalModel(calls));
  const session = createSession({ client, model: 'm', tools: effectTools(tempLog()) });
  await session.ask('go');
  return session.messages;
}

describe('snapshots', () => {
  it('is plain JSON in any state, and survives a round trip unchanged', async () => {
    const hold = deferred();
    const log = tempLog();
    const { client } = await scriptedModel(conversationalModel([{ name: 'approve_me', text: 'x' }], hold.promise));
    const session = createSession({ client, model: 'm', tools: effectTools(log) });
    const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    expect(roundTrip(session.snapshot())).toStrictEqual(session.snapshot());
    const turn = session.ask('go');
    await until(() => session.actor.getSnapshot().matches('deciding'));
    // A request in flight.
    expect(session.snapshot().state).toBe('deciding');
    expect(roundTrip(session.snapshot())).toStrictEqual(session.snapshot());
    hold.resolve();
    await turn;
    expect(session.snapshot().state).toBe('awaitingApproval');
    expect(roundTrip(session.snapshot())).toStrictEqual(session.snapshot());
    session.stop();
  });

  it('restored in another process with a request in flight: the request is sent again and the turn ends as an uninterrupted one', async () => {
    const calls = [
      { name: 'lookup', text: 'a' },
      { name: 'charge', text: 'b' },
    ];
    const hold = deferred();
    const log = tempLog();
    const { client, server } = await scriptedModel(conversationalModel(calls, hold.promise));
    const session = createSession({ client, model: 'm', tools: effectTools(log) });
    const interrupted = session.ask('go').catch((error: unknown) => error);
    await until(() => server.requests.length === 1);
    const file = join(log, '..', 'snapshot.json');
    writeFileSync(file, JSON.stringify(session.snapshot()));
    session.stop();
    expect(await interrupted).toMatchObject({ name: 'TurnCancelledError' });
    hold.resolve();

    const child = await runChild(['resume', file], { TOOLCYCLE_BASE_URL: server.baseURL, TOOLCYCLE_TOOL_LOG: log });
    expect(child.error).toBeUndefined();
    expect(child.messages).toEqual(await uninterrupted(calls));
    expect(server.requests).toHaveLength(3);
    expect(runsIn(log).map((run) => run.tool)).toEqual(['lookup', 'charge']);
  });

  it('restored with tools running: read-only and idempotent calls run again with the same key, a write-once call is answered as interrupted', async () => {
    const calls = [
      { name: 'lookup', text: 'block-1' },
      { name: 'upsert', text: 'block-2' },
      { name: 'charge', text: 'block-3' },
    ];
    const log = tempLog();
    const { client, server } = await scriptedModel(conversationalModel(calls));
    const session = createSession({ client, model: 'm', tools: effectTools(log), parallelToolCalls: false });
    void session.ask('go').catch(() => undefined);
    // Sequential: let lookup finish, then snapshot while upsert and charge run.
    await until(() => runsIn(log).length === 1);
    writeFileSync(`${log}.block-1`, '');
    await until(() => runsIn(log).length === 2);
    const running = session.snapshot();
    writeFileSync(`${log}.block-2`, '');
    await until(() => session.actor.getSnapshot().context.turn.toolCalls.some((call) => call.name === 'charge' && call.status === 'running'));
    const file = join(log, '..', 'snapshot.json');
    writeFileSync(file, JSON.stringify(session.snapshot()));
    session.stop();
    writeFileSync(`${log}.block-3`, '');

    const child = await runChild(['resume', file], { TOOLCYCLE_BASE_URL: server.baseURL, TOOLCYCLE_TOOL_LOG: log });
    expect(child.error).toBeUndefined();
    // charge ran once, in the first process, and is answered as interrupted: it is never run twice.
    expect(runsIn(log).map((run) => run.tool)).toEqual(['lookup', 'upsert', 'charge']);
    const tools = child.messages!.filter((message) => (message as { role: string }).role === 'tool') as { tool_call_id: string; content: string }[];
    expect(tools.map((message) => message.tool_call_id)).toEqual(['call_0', 'call_1', 'call_2']);
    expect(JSON.parse(tools[2]!.content)).toMatchObject({ error: { kind: 'interrupted' } });
    expect(findConversationProblem(child.messages)).toBeUndefined();

    // Restored while upsert (idempotent) was running: it runs again, with the same idempotency key.
    writeFileSync(file, JSON.stringify(running));
    const again = await runChild(['resume', file], { TOOLCYCLE_BASE_URL: server.baseURL, TOOLCYCLE_TOOL_LOG: log });
    expect(again.error).toBeUndefined();
    const upserts = runsIn(log).filter((run) => run.tool === 'upsert');
    expect(upserts).toHaveLength(2);
    expect(upserts[1]!.key).toBe(upserts[0]!.key);
    expect(upserts[0]!.key).toBe(`${running.sessionId}:1:call_1`);
    expect(upserts[1]!.pid).not.toBe(process.pid);
  });

  it('a restored session waiting for approval is decided in the other process', async () => {
    const log = tempLog();
    const { client, server } = await scriptedModel(conversationalModel([{ name: 'approve_me', text: 'x' }]));
    const session = createSession({ client, model: 'm', tools: effectTools(log) });
    expect((await session.ask('go')).stopReason).toBe('approval_required');
    const file = join(log, '..', 'snapshot.json');
    writeFileSync(file, JSON.stringify(session.snapshot()));
    session.stop();
    const child = await runChild(['resume', file], { TOOLCYCLE_BASE_URL: server.baseURL, TOOLCYCLE_TOOL_LOG: log, TOOLCYCLE_DECIDE: 'approve' });
    expect(child.result).toMatchObject({ content: 'done after 1 tool results', stopReason: 'stop' });
    expect(runsIn(log).map((run) => [run.tool, run.pid !== process.pid])).toEqual([['approve_me', true]]);
  });

  it('restoring: resume() continues, ask() says a turn is in progress, at rest there is nothing to resume', async () => {
    const hold = deferred();
    const { client } = await scriptedModel(conversationalModel([{ name: 'lookup', text: 'a' }], hold.promise));
    const first = createSession({ client, model: 'm', tools: effectTools(tempLog()) });
    void first.ask('go').catch(() => undefined);
    await until(() => first.actor.getSnapshot().matches('deciding'));
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    first.stop();
    hold.resolve();
    const restored: Session = createSession({ client, model: 'm', tools: effectTools(tempLog()), snapshot });
    expect(restored.id).toBe(first.id);
    await expect(restored.ask('hello?')).rejects.toMatchObject({ reason: 'turn_in_progress' });
    expect((await restored.resume()).content).toBe('done after 1 tool results');
    await expect(restored.resume()).rejects.toMatchObject({ reason: 'nothing_to_resume' });
  });

  it.each([
    ['not a snapshot', { hello: 'world' }, 'not_a_snapshot'],
    ['another machine version', { format: 'toolcycle.session', formatVersion: 1, machineVersion: 1, sessionId: 's', state: 'idle', context: {} }, 'incompatible_version'],
    ['a state the machine does not have', 'unknown-state', 'unknown_state'],
  ])('refuses %s with a typed error', async (_label, value, problem) => {
    const { client } = await scriptedModel([]);
    const valid = createSession({ client, model: 'm' }).snapshot();
    const snapshot = value === 'unknown-state' ? { ...valid, state: 'dreaming' } : value;
    const error = (() => {
      try {
        createSession({ client, model: 'm', snapshot: snapshot as never });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SessionSnapshotError);
    expect(error).toMatchObject({ problem });
  });
});
