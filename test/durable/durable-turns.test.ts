import dbos from '@dbos-inc/dbos-sdk';
import OpenAI from 'openai';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { connectDurable, DurableTurnError, startDurableWorker, turnWorkflowId, type DurableClient, type DurableWorker } from '../../src/durable/index.js';
import { defineTool, InvalidOptionsError, openSession, type Tool } from '../../src/index.js';
import { startOfflineModel, type OfflineModelServer, type ScriptedReply } from '../../src/offline-model/index.js';
import { createPostgresStore } from '../../src/stores/index.js';
import { postgresUrl } from '../support/postgres.js';
import { deferred } from '../support/scripted-model.js';

/**
 * A worker in this test's own process (DBOS runs one per process) against the real openai SDK and
 * the strict offline model: conversations over several turns, duplicate submissions, approvals and
 * their checks, failures, and input that is wrong in every way a caller can make it wrong.
 */

const postgres = postgresUrl();
const appName = `turns-${crypto.randomUUID().slice(0, 8)}`;

/** Each test answers its own conversations: the model looks up the responder by the conversation the system message names. */
const responders = new Map<string, (request: ChatCompletionCreateParams) => ScriptedReply | Promise<ScriptedReply>>();
const conversationOf = (request: ChatCompletionCreateParams) => String(request.messages[0]?.content ?? '').replace(/^conversation /, '');
const options = (conversation: string) => ({ model: 'm', instructions: `conversation ${conversation}` });
const newConversation = (responder: (request: ChatCompletionCreateParams) => ScriptedReply | Promise<ScriptedReply>) => {
  const id = `c${crypto.randomUUID().replaceAll('-', '')}`;
  responders.set(id, responder);
  return id;
};
const lastIsTool = (request: ChatCompletionCreateParams) => request.messages.at(-1)?.role === 'tool';

const runs: { tool: string; args: unknown; key: string }[] = [];
const holds = new Map<string, Promise<void>>();
const recordRun = (tool: string) => async (args: { text: string }, context: { idempotencyKey: string }) => {
  runs.push({ tool, args, key: context.idempotencyKey });
  await holds.get(args.text);
  return `${tool}:${args.text}`;
};
const tools = [
  defineTool({ name: 'lookup', description: 'Reads.', parameters: z.object({ text: z.string() }), effect: 'read_only', execute: recordRun('lookup') }),
  defineTool({
    name: 'send',
    description: 'Sends; a person approves.',
    parameters: z.object({ text: z.string().min(2) }),
    effect: 'write_once',
    needsApproval: true,
    execute: recordRun('send'),
  }),
] as Tool[];

describe.skipIf(postgres.skip !== undefined)(`durable turns${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`, () => {
  let server: OfflineModelServer;
  let worker: DurableWorker;
  let client: DurableClient;
  const requestsOf = (conversation: string) => server.requests.filter((request) => conversationOf(request.body) === conversation).map((request) => request.body);

  beforeAll(async () => {
    server = await startOfflineModel({
      script: (request) => {
        const responder = responders.get(conversationOf(request));
        return responder ? responder(request) : { error: { status: 500, message: `no responder for ${conversationOf(request)}` } };
      },
    });
    const model = new OpenAI({ baseURL: server.baseURL, apiKey: 'test-key', maxRetries: 0 });
    worker = await startDurableWorker({ databaseUrl: postgres.url!, workerId: `${appName}-w1`, appName, tools, client: model, pollMs: 20, heartbeatMs: 250, deadAfterMs: 1500 });
    client = await connectDurable({ databaseUrl: postgres.url!, appName });
  });
  afterAll(async () => {
    await client?.close();
    await worker?.stop({ drainMs: 0 });
    await server?.close();
  });

  it('runs a conversation over turns, kept as a session snapshot that openSession continues', async () => {
    const conversation = newConversation((request) => {
      const user = request.messages.findLast((message) => message.role === 'user')!.content;
      if (user === 'look' && !lastIsTool(request)) return { toolCalls: [{ id: 'look_1', name: 'lookup', arguments: { text: 'x' } }] };
      return { content: `answer to ${String(user)} after ${request.messages.length} messages` };
    });
    const first = await client.ask(conversation, 'look', options(conversation));
    expect(first).toMatchObject({ content: 'answer to look after 4 messages', stopReason: 'stop', steps: 1 });
    expect(first.toolCalls).toMatchObject([{ id: 'look_1', name: 'lookup', result: 'lookup:x' }]);
    const second = await client.ask(conversation, 'again', options(conversation));
    expect(second.content).toBe('answer to again after 6 messages');

    const stored = await client.conversation(conversation);
    expect(stored).toMatchObject({ turns: 2, state: 'idle' });
    expect(stored!.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user', 'assistant']);
    expect(runs.filter((run) => run.key === `${conversation}:1:look_1`)).toHaveLength(1);

    // The same row is an ordinary session snapshot: a plain in-process session goes on from it.
    const store = createPostgresStore({ connectionString: postgres.url! });
    const session = await openSession({ store, sessionId: conversation, model: 'm', client: new OpenAI({ baseURL: server.baseURL, apiKey: 'k', maxRetries: 0 }), tools });
    expect(session.messages).toEqual(stored!.messages);
    expect((await session.ask('third')).content).toBe('answer to third after 8 messages');
    session.stop();
    await store.close?.();
    for (const body of requestsOf(conversation)) expect(findConversationProblem(body.messages)).toBeUndefined();
  });

  it('runs a turn submitted twice once, and both submitters get its result', async () => {
    const conversation = newConversation((request) =>
      lastIsTool(request) ? { content: 'looked' } : { toolCalls: [{ id: 'dup_1', name: 'lookup', arguments: { text: 'dup' } }] },
    );
    const other = await connectDurable({ databaseUrl: postgres.url!, appName });
    try {
      const [a, b] = await Promise.all([
        client.submit({ conversationId: conversation, turn: 1, message: 'go', options: options(conversation) }),
        other.submit({ conversationId: conversation, turn: 1, message: 'go', options: options(conversation) }),
      ]);
      expect(a.workflowId).toBe(turnWorkflowId(conversation, 1));
      expect(b.workflowId).toBe(a.workflowId);
      const [first, second] = await Promise.all([a.result(), b.result()]);
      expect(second).toEqual(first);
      expect(first.content).toBe('looked');
      // Submitted again later, even with another message: the same turn, not a new one.
      const again = await other.submit({ conversationId: conversation, turn: 1, message: 'something else', options: options(conversation) });
      expect(await again.result()).toEqual(first);
      expect(requestsOf(conversation)).toHaveLength(2);
      expect(runs.filter((run) => run.key === `${conversation}:1:dup_1`)).toHaveLength(1);
      expect((await client.conversation(conversation))?.turns).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('keeps turns in order: one at a time, none skipped', async () => {
    const release = deferred();
    holds.set('slow', release.promise);
    const conversation = newConversation((request) =>
      lastIsTool(request) ? { content: 'slow done' } : { toolCalls: [{ id: 'slow_1', name: 'lookup', arguments: { text: 'slow' } }] },
    );
    const running = await client.submit({ conversationId: conversation, message: 'slow', options: options(conversation) });
    await expect(client.ask(conversation, 'meanwhile', options(conversation))).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'turn_in_progress' });
    await expect(client.submit({ conversationId: conversation, turn: 3, message: 'later', options: options(conversation) })).rejects.toMatchObject({
      name: 'InvalidTurnError',
      reason: 'turn_in_progress',
    });
    release.resolve();
    expect((await running.result()).content).toBe('slow done');
    expect((await client.ask(conversation, 'next', options(conversation))).content).toBe('slow done');
    expect((await client.conversation(conversation))?.turns).toBe(2);
  });

  it('waits for approval, refuses bad decisions, and continues with a valid one', async () => {
    const conversation = newConversation((request) =>
      lastIsTool(request)
        ? { content: `sent: ${String(request.messages.at(-1)!.content)}` }
        : { toolCalls: [{ id: 'send_1', name: 'send', arguments: { text: 'hello' } }] },
    );
    const turn = await client.submit({ conversationId: conversation, message: 'send it', options: options(conversation) });
    const waiting = await turn.result();
    expect(waiting).toMatchObject({ stopReason: 'approval_required', pendingApprovals: [{ id: 'send_1', name: 'send', effect: 'write_once' }] });
    expect(runs.filter((run) => run.key.startsWith(conversation))).toEqual([]);

    await expect(turn.decide({ other: { approve: true } })).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'invalid_decision' });
    await expect(turn.decide({ send_1: { approve: true, arguments: { text: 'x' } } })).rejects.toMatchObject({
      name: 'InvalidTurnError',
      reason: 'invalid_decision',
      message: expect.stringContaining('text:'),
    });
    // A message that is not a decision at all, sent straight to the workflow, is ignored.
    const system = await dbos.DBOSClient.create({ systemDatabaseUrl: postgres.url!, applicationName: appName });
    await system.send(turn.workflowId, { nonsense: true }, 'toolcycle.decision');
    await system.destroy();
    expect(await turn.result()).toMatchObject({ stopReason: 'approval_required' });

    const done = await turn.decide({ send_1: { approve: true, arguments: { text: 'edited' } } });
    // The model hears that a person changed the arguments, as in a session.
    expect(done).toMatchObject({
      content: 'sent: [A person changed the arguments before approving; the call ran with {"text":"edited"}]\nsend:edited',
      stopReason: 'stop',
      pendingApprovals: [],
    });
    expect(done.toolCalls).toMatchObject([{ id: 'send_1', approval: 'approved', arguments: { text: 'edited' } }]);
    expect(runs.filter((run) => run.key.startsWith(conversation))).toEqual([{ tool: 'send', args: { text: 'edited' }, key: `${conversation}:1:send_1` }]);
    await expect(turn.decide({ send_1: { approve: true } })).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'nothing_to_decide' });
  });

  it('numbers the steps of a parallel round in the order the model asked for them, whatever order they finish in', async () => {
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const gates = ids.map(() => deferred());
    ids.forEach((id, index) => holds.set(id, gates[index]!.promise));
    const conversation = newConversation((request) =>
      lastIsTool(request) ? { content: 'all read' } : { toolCalls: ids.map((id) => ({ id, name: 'lookup', arguments: { text: id } })) },
    );
    const turn = await client.submit({ conversationId: conversation, message: 'read four', options: options(conversation) });
    const system = await dbos.DBOSClient.create({ systemDatabaseUrl: postgres.url!, applicationName: appName });
    try {
      const recorded = async () => ((await system.listWorkflowSteps(turn.workflowId)) ?? []).filter((step) => step.name.startsWith('tool:'));
      while (runs.filter((run) => run.key.startsWith(conversation)).length < ids.length) await new Promise((resolve) => setTimeout(resolve, 10));
      // Finished last to first, each recorded before the next is let go.
      for (const [index] of [...ids.entries()].reverse()) {
        gates[index]!.resolve();
        while ((await recorded()).length < ids.length - index) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect((await turn.result()).content).toBe('all read');
      const steps = await recorded();
      expect(steps.map((step) => step.name)).toEqual(ids.map((id) => `tool:${id}`));
      expect(steps.map((step) => step.functionID)).toEqual([...steps.map((step) => step.functionID)].sort((a, b) => a - b));
      expect(steps.map((step) => step.completedAtEpochMs)).toEqual([...steps.map((step) => step.completedAtEpochMs!)].sort((a, b) => b - a));
    } finally {
      await system.destroy();
    }
  });

  it('a failed request fails the turn with its ApiRequestError, and the conversation goes on', async () => {
    let fail = true;
    const conversation = newConversation(() => (fail ? { error: { status: 400, message: 'nope', type: 'invalid_request_error', code: 'bad' } } : { content: 'fine' }));
    await expect(client.ask(conversation, 'first', options(conversation))).rejects.toMatchObject({ name: 'ApiRequestError', status: 400, code: 'bad', stage: 'decide' });
    expect(await client.conversation(conversation)).toMatchObject({ turns: 1, state: 'failed' });
    fail = false;
    expect((await client.ask(conversation, 'second', options(conversation))).content).toBe('fine');
  });

  it('never crashes on bad input: from the client, enqueued directly, or for a turn that does not exist', async () => {
    await expect(client.submit({ conversationId: '', message: 'x', options: options('x') })).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'invalid_options' });
    await expect(client.submit({ conversationId: 'c', message: 'x', options: { model: 5 } as never })).rejects.toMatchObject({ name: 'InvalidTurnError' });
    await expect(client.ask(newConversation(() => ({ content: 'never' })), '   ', options('x'))).rejects.toMatchObject({ reason: 'empty_message' });

    // Whatever is enqueued, the workflow answers with a typed error instead of throwing.
    const system = await dbos.DBOSClient.create({ systemDatabaseUrl: postgres.url!, applicationName: appName });
    const junk = `junk${crypto.randomUUID().slice(0, 8)}`;
    await system.enqueue(
      { queueName: `${appName}.turns`, workflowName: 'toolcycle.turn', workflowID: turnWorkflowId(junk, 1), appVersion: worker.applicationVersion },
      { conversationId: 42, turn: 'one', options: null },
    );
    await system.destroy();
    await expect(client.turn(junk, 1).result()).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'invalid_options', message: expect.stringContaining('conversationId') });

    await expect(client.turn('no-such-conversation', 1).result()).rejects.toBeInstanceOf(DurableTurnError);
    await expect(connectDurable({ databaseUrl: '' })).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(startDurableWorker({ databaseUrl: postgres.url!, workerId: 'has spaces' })).rejects.toMatchObject({ option: 'workerId' });
    await expect(startDurableWorker({ databaseUrl: postgres.url!, workerId: 'w', heartbeatMs: 1000, deadAfterMs: 1500 })).rejects.toMatchObject({ option: 'deadAfterMs' });
    await expect(startDurableWorker({ databaseUrl: postgres.url!, workerId: 'w', concurrency: { perWorker: 4, global: 2 } })).rejects.toMatchObject({ option: 'concurrency' });
    await expect(startDurableWorker({ databaseUrl: postgres.url!, workerId: 'second' })).rejects.toThrow(/already runs durable worker/);
  });
});
