import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, InvalidTurnError, type TurnEvent } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';

function sendEmailTool(sent: { to: string; body: string }[], needsApproval: boolean | ((args: { to: string }) => boolean) = true) {
  return defineTool({
    name: 'send_email',
    description: 'Sends an email.',
    parameters: z.object({ to: z.string().email(), body: z.string() }),
    effect: 'write_once',
    needsApproval,
    execute: (args) => {
      sent.push(args);
      return { sent: true, to: args.to };
    },
  });
}

const emailCall = (id: string, to = 'ada@example.com') => ({ id, name: 'send_email', arguments: { to, body: 'Hello' } });

describe.each(WIRE_MODES)('human approval ($name)', (mode) => {
  it('stops the turn for approval, runs the other calls first, then continues when approved', async () => {
    const sent: { to: string; body: string }[] = [];
    const { newSession, bodies } = await wireModel(mode, [
      { toolCalls: [emailCall('mail_1'), { id: 'echo_1', name: 'echo', arguments: { text: 'side' } }] },
      { content: 'Sent it.' },
    ]);
    const session = newSession({ model: 'm', tools: [sendEmailTool(sent), echoTool()] });

    const first = await session.ask('email Ada');
    expect(first.stopReason).toBe('approval_required');
    expect(first.pendingApprovals).toEqual([{ id: 'mail_1', name: 'send_email', arguments: { to: 'ada@example.com', body: 'Hello' }, effect: 'write_once' }]);
    expect(session.actor.getSnapshot().value).toBe('awaitingApproval');
    // The call that needs no approval already ran; the email did not.
    expect(sent).toEqual([]);
    expect(session.actor.getSnapshot().context.turn.toolCalls.map((call) => call.status)).toEqual(['awaiting_approval', 'succeeded']);
    expect(bodies()).toHaveLength(1);

    const second = await session.decide({ mail_1: { approve: true } });
    expect(second).toMatchObject({ content: 'Sent it.', stopReason: 'stop', pendingApprovals: [] });
    expect(sent).toEqual([{ to: 'ada@example.com', body: 'Hello' }]);
    // In the model's order, whatever order they ran in.
    expect(second.toolCalls.map((call) => [call.id, call.approval])).toEqual([
      ['mail_1', 'approved'],
      ['echo_1', 'not_required'],
    ]);
    expect(findConversationProblem(bodies()[1]!.messages)).toBeUndefined();
  });

  it('a rejection is a tool message the model can answer, and the history stays valid', async () => {
    const sent: { to: string; body: string }[] = [];
    const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [emailCall('mail_1')] }, { content: 'OK, not sent.' }, { content: 'Next.' }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool(sent)] });
    await session.ask('email Ada');
    const result = await session.decide({ mail_1: { approve: false, reason: 'not now' } });
    expect(result.content).toBe('OK, not sent.');
    expect(sent).toEqual([]);
    const toolMessage = bodies()[1]!.messages.at(-1)!;
    expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: 'mail_1' });
    expect(JSON.parse(String(toolMessage.content))).toMatchObject({ error: { kind: 'rejected', reason: 'not now' } });
    // Reject, then continue: the next turn sends a history the strict server accepts.
    expect((await session.ask('and now?')).content).toBe('Next.');
  });

  it('edited arguments are checked against the schema and used when valid', async () => {
    const sent: { to: string; body: string }[] = [];
    const { newSession } = await wireModel(mode, [{ toolCalls: [emailCall('mail_1')] }, { content: 'Sent to Bob.' }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool(sent)] });
    await session.ask('email Ada');
    await expect(session.decide({ mail_1: { approve: true, arguments: { to: 'not an address', body: 'x' } } })).rejects.toMatchObject({
      name: 'InvalidTurnError',
      reason: 'invalid_decision',
      message: expect.stringContaining('to:'),
    });
    expect(session.actor.getSnapshot().value).toBe('awaitingApproval');
    const result = await session.decide({ mail_1: { approve: true, arguments: { to: 'bob@example.com', body: 'Edited' } } });
    expect(result.toolCalls[0]).toMatchObject({ arguments: { to: 'bob@example.com', body: 'Edited' }, approval: 'approved' });
    expect(sent).toEqual([{ to: 'bob@example.com', body: 'Edited' }]);
  });

  it('partial decisions: one approved, one rejected, in one decide()', async () => {
    const sent: { to: string; body: string }[] = [];
    const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [emailCall('a', 'a@example.com'), emailCall('b', 'b@example.com')] }, { content: 'One sent.' }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool(sent)] });
    expect((await session.ask('two emails')).pendingApprovals.map((call) => call.id)).toEqual(['a', 'b']);
    await session.decide({ a: { approve: true }, b: { approve: false } });
    expect(sent.map((mail) => mail.to)).toEqual(['a@example.com']);
    expect(bodies()[1]!.messages.filter((message) => message.role === 'tool').map((message) => message.tool_call_id)).toEqual(['a', 'b']);
  });

  it.each([
    ['a missing decision', { a: { approve: true } }, /Missing decision for send_email \(b\)/],
    ['an unknown id', { a: { approve: true }, b: { approve: true }, zzz: { approve: true } }, /No call zzz waits for approval/],
    ['a malformed decision', { a: { approve: 'yes' }, b: { approve: true } }, /Missing decision for send_email \(a\)/],
  ])('%s is a typed error and nothing is sent', async (_label, decisions, message) => {
    const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [emailCall('a', 'a@example.com'), emailCall('b', 'b@example.com')] }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool([])] });
    await session.ask('two');
    const error = await session.decide(decisions as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTurnError);
    expect((error as InvalidTurnError).message).toMatch(message);
    expect(bodies()).toHaveLength(1);
    expect(session.actor.getSnapshot().value).toBe('awaitingApproval');
  });

  it('an already-decided id, a decide() with nothing waiting, and ask() while waiting are typed errors', async () => {
    const { newSession } = await wireModel(mode, [{ toolCalls: [emailCall('a')] }, { content: 'done' }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool([])] });
    await expect(session.decide({ a: { approve: true } })).rejects.toMatchObject({ reason: 'nothing_to_decide' });
    await session.ask('one');
    await expect(session.ask('something else')).rejects.toMatchObject({ reason: 'invalid_decision', message: expect.stringContaining('waits for approval of send_email (a)') });
    await session.decide({ a: { approve: true } });
    await expect(session.decide({ a: { approve: true } })).rejects.toMatchObject({ reason: 'nothing_to_decide' });
  });

  it('needsApproval as a function is asked once per call, with the arguments, and its verdict is kept', async () => {
    const asked: string[] = [];
    const sent: { to: string; body: string }[] = [];
    const { newSession } = await wireModel(mode, [{ toolCalls: [emailCall('inside', 'me@corp.example'), emailCall('outside', 'x@elsewhere.example')] }, { content: 'ok' }]);
    const tool = sendEmailTool(sent, ({ to }) => {
      asked.push(to);
      return !to.endsWith('@corp.example');
    });
    const session = newSession({ model: 'm', tools: [tool] });
    const first = await session.ask('two');
    expect(first.pendingApprovals.map((call) => call.id)).toEqual(['outside']);
    expect(sent.map((mail) => mail.to)).toEqual(['me@corp.example']);
    await session.decide({ outside: { approve: true } });
    expect(asked).toEqual(['me@corp.example', 'x@elsewhere.example']);
  });

  it('works while streaming: approval.required is an event, and the turn goes on after decide()', async () => {
    const sent: { to: string; body: string }[] = [];
    const { newSession } = await wireModel(mode, [{ toolCalls: [emailCall('mail_1')] }, { content: 'Sent, streamed.' }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool(sent)], stream: true });
    const events: TurnEvent[] = [];
    for await (const event of session.stream('email Ada')) events.push(event);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['tool_call.started', 'tool_call.arguments.delta', 'approval.required', 'turn.done']),
    );
    expect(events.at(-1)).toMatchObject({ type: 'turn.done', result: { stopReason: 'approval_required' } });
    const deltas: string[] = [];
    const result = await session.decide({ mail_1: { approve: true } }, { onEvent: (event) => event.type === 'content.delta' && deltas.push(event.delta) });
    expect(result.content).toBe('Sent, streamed.');
    expect(deltas.join('')).toBe('Sent, streamed.');
    expect(sent).toHaveLength(1);
  });

  it('cancelling while waiting answers the waiting calls as cancelled', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ toolCalls: [emailCall('a')] }, { content: 'after' }]);
    const session = newSession({ model: 'm', tools: [sendEmailTool([])] });
    await session.ask('one');
    session.cancel();
    expect(session.actor.getSnapshot().value).toBe('cancelled');
    expect(findConversationProblem(session.messages)).toBeUndefined();
    expect(JSON.parse(String(session.messages.at(-1)!.content))).toMatchObject({ error: { kind: 'cancelled' } });
    expect((await session.ask('next')).content).toBe('after');
    expect(findConversationProblem(bodies()[1]!.messages)).toBeUndefined();
  });
});

describe.each(WIRE_MODES)('edited arguments, as the model hears of them ($name)', (mode) => {
  it('the answer says the call ran with the edited arguments; unedited approvals read as usual', async () => {
    const sent: { to: string; body: string }[] = [];
    const { newSession, bodies } = await wireModel(mode, [
      { toolCalls: [emailCall('a', 'a@example.com'), emailCall('b', 'b@example.com')] },
      { content: 'done' },
    ]);
    const session = newSession({ model: 'm', tools: [sendEmailTool(sent)] });
    await session.ask('two');
    await session.decide({ a: { approve: true, arguments: { to: 'grace@example.com', body: 'Hello' } }, b: { approve: true } });
    const answers = bodies()[1]!.messages.filter((message) => message.role === 'tool').map((message) => String(message.content));
    expect(answers[0]).toBe('[A person changed the arguments before approving; the call ran with {"to":"grace@example.com","body":"Hello"}]\n{"sent":true,"to":"grace@example.com"}');
    expect(answers[1]).toBe('{"sent":true,"to":"b@example.com"}');
  });
});
