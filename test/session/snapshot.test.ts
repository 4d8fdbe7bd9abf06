import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { createSession, SessionSnapshotError, type Session, type SessionSnapshot } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { deferred, scriptedModel } from '../support/scripted-model.js';
import { WIRE_MODES, wireModel, type WireMode } from '../support/wire-modes.js';
import { runChild, type ChildOutput } from './fixtures/child-process.js';
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

async function uninterrupted(mode: WireMode, calls: { name: string; text: string }[]) {
  const { newSession } = await wireModel(mode, conversationalModel(calls));
  const session = newSession({ model: 'm', tools: effectTools(tempLog()) });
  await session.ask('go');
  return session.messages;
}

type Model = Awaited<ReturnType<typeof wireModel>>;

/**
 * What a request continuing a restored turn must take over from the snapshot beyond the history:
 * with server state the response id it continues, stateless the reasoning items it replays (which
 * the strict server also insists on). Nothing for Chat Completions.
 */
function carriedOver(mode: WireMode, body: unknown): unknown {
  if (mode.api === 'chat') return null;
  const request = body as ResponseCreateParams;
  if (mode.serverState) return request.previous_response_id;
  return (request.input as { type?: string }[]).filter((item) => item.type === 'reasoning');
}

function toCarryOver(mode: WireMode, snapshot: SessionSnapshot): unknown {
  const { wire } = snapshot.context;
  if (mode.api === 'chat') return null;
  return mode.serverState ? wire.responseId : wire.items.flatMap((entry) => entry.items);
}

/**
 * Continues a snapshot file the way session-child.ts does (resume, or decide every waiting call).
 * Chat Completions sessions are continued in another process, the real boundary; the Responses
 * modes in this one, which is enough to show the snapshot carries what they keep beyond the
 * history (the response id, the reasoning items), since the model server is the same either way.
 */
function restorer(mode: WireMode, model: Model) {
  const inAnotherProcess = mode.api === 'chat';
  const restore = async (file: string, log: string, decision?: 'approve'): Promise<ChildOutput> => {
    if (inAnotherProcess) {
      return runChild(['resume', file], { TOOLCYCLE_BASE_URL: model.server.baseURL, TOOLCYCLE_TOOL_LOG: log, ...(decision ? { TOOLCYCLE_DECIDE: decision } : {}) });
    }
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as SessionSnapshot;
    const session = model.newSession({ model: 'm', tools: effectTools(log), parallelToolCalls: true, snapshot });
    try {
      const result = decision
        ? await session.decide(Object.fromEntries(session.pendingApprovals.map((call) => [call.id, { approve: true }])))
        : await session.resume();
      return { result, messages: [...session.messages] };
    } catch (error) {
      return { error: { name: (error as Error).name, message: (error as Error).message } };
    } finally {
      session.stop();
    }
  };
  return { restore, inAnotherProcess };
}

describe.each(WIRE_MODES)('snapshots ($name)', (mode) => {
  it('is plain JSON in any state, and survives a round trip unchanged', async () => {
    const hold = deferred();
    const log = tempLog();
    const { newSession } = await wireModel(mode, conversationalModel([{ name: 'approve_me', text: 'x' }], hold.promise));
    const session = newSession({ model: 'm', tools: effectTools(log) });
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

  it('restored with a request in flight: the request is sent again and the turn ends as an uninterrupted one', async () => {
    const calls = [
      { name: 'lookup', text: 'a' },
      { name: 'charge', text: 'b' },
    ];
    const hold = deferred();
    const log = tempLog();
    const model = await wireModel(mode, conversationalModel(calls, hold.promise));
    const session = model.newSession({ model: 'm', tools: effectTools(log) });
    const interrupted = session.ask('go').catch((error: unknown) => error);
    await until(() => model.wireBodies().length === 1);
    const file = join(log, '..', 'snapshot.json');
    writeFileSync(file, JSON.stringify(session.snapshot()));
    session.stop();
    expect(await interrupted).toMatchObject({ name: 'TurnCancelledError' });
    hold.resolve();

    const child = await restorer(mode, model).restore(file, log);
    expect(child.error).toBeUndefined();
    expect(child.messages).toEqual(await uninterrupted(mode, calls));
    expect(model.wireBodies()).toHaveLength(3);
    expect(runsIn(log).map((run) => run.tool)).toEqual(['lookup', 'charge']);
  });

  it('restored with tools running: read-only and idempotent calls run again with the same key, a write-once call is answered as interrupted', async () => {
    const calls = [
      { name: 'lookup', text: 'block-1' },
      { name: 'upsert', text: 'block-2' },
      { name: 'charge', text: 'block-3' },
    ];
    const log = tempLog();
    const model = await wireModel(mode, conversationalModel(calls));
    const { restore, inAnotherProcess } = restorer(mode, model);
    const session = model.newSession({ model: 'm', tools: effectTools(log), parallelToolCalls: false });
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

    const child = await restore(file, log);
    expect(child.error).toBeUndefined();
    // charge ran once, in the first process, and is answered as interrupted: it is never run twice.
    expect(runsIn(log).map((run) => run.tool)).toEqual(['lookup', 'upsert', 'charge']);
    const tools = child.messages!.filter((message) => (message as { role: string }).role === 'tool') as { tool_call_id: string; content: string }[];
    expect(tools.map((message) => message.tool_call_id)).toEqual(['call_0', 'call_1', 'call_2']);
    expect(JSON.parse(tools[2]!.content)).toMatchObject({ error: { kind: 'interrupted' } });
    expect(findConversationProblem(child.messages)).toBeUndefined();
    expect(carriedOver(mode, model.wireBodies().at(-1))).toEqual(toCarryOver(mode, running));

    // Restored while upsert (idempotent) was running: it runs again, with the same idempotency key.
    writeFileSync(file, JSON.stringify(running));
    const again = await restore(file, log);
    expect(again.error).toBeUndefined();
    const upserts = runsIn(log).filter((run) => run.tool === 'upsert');
    expect(upserts).toHaveLength(2);
    expect(upserts[1]!.key).toBe(upserts[0]!.key);
    expect(upserts[0]!.key).toBe(`${running.sessionId}:1:call_1`);
    expect(upserts[1]!.pid !== process.pid).toBe(inAnotherProcess);
  });

  it('a restored session waiting for approval is decided by the restored session', async () => {
    const log = tempLog();
    const model = await wireModel(mode, conversationalModel([{ name: 'approve_me', text: 'x' }]));
    const { restore, inAnotherProcess } = restorer(mode, model);
    const session = model.newSession({ model: 'm', tools: effectTools(log) });
    expect((await session.ask('go')).stopReason).toBe('approval_required');
    const file = join(log, '..', 'snapshot.json');
    writeFileSync(file, JSON.stringify(session.snapshot()));
    session.stop();
    const child = await restore(file, log, 'approve');
    expect(child.result).toMatchObject({ content: 'done after 1 tool results', stopReason: 'stop' });
    expect(runsIn(log).map((run) => [run.tool, run.pid !== process.pid])).toEqual([['approve_me', inAnotherProcess]]);
  });

  it('restoring: resume() continues, ask() says a turn is in progress, at rest there is nothing to resume', async () => {
    const hold = deferred();
    const { newSession } = await wireModel(mode, conversationalModel([{ name: 'lookup', text: 'a' }], hold.promise));
    const first = newSession({ model: 'm', tools: effectTools(tempLog()) });
    void first.ask('go').catch(() => undefined);
    await until(() => first.actor.getSnapshot().matches('deciding'));
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    first.stop();
    hold.resolve();
    const restored: Session = newSession({ model: 'm', tools: effectTools(tempLog()), snapshot });
    expect(restored.id).toBe(first.id);
    await expect(restored.ask('hello?')).rejects.toMatchObject({ reason: 'turn_in_progress' });
    expect((await restored.resume()).content).toBe('done after 1 tool results');
    await expect(restored.resume()).rejects.toMatchObject({ reason: 'nothing_to_resume' });
  });
});

describe('snapshots that cannot be restored', () => {
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
