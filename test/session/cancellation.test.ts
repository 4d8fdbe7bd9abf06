import { describe, expect, it } from 'vitest';
import { TurnCancelledError, type ToolExecutionContext } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { deferred } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';

describe.each(WIRE_MODES)('cancellation ($name)', (mode) => {
  it('aborting during parallel tools aborts every tool and answers each call as cancelled', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      {
        toolCalls: [
          { id: 'p1', name: 'wait', arguments: { text: '1' } },
          { id: 'p2', name: 'wait', arguments: { text: '2' } },
        ],
      },
      { content: 'after cancel' },
    ]);
    const started = deferred();
    const aborted: string[] = [];
    let running = 0;
    const wait = echoTool('wait', () => new Promise(() => {}));
    const observed = { ...wait, execute: (args: { text: string }, context: ToolExecutionContext) => {
      running += 1;
      if (running === 2) started.resolve();
      context.signal.addEventListener('abort', () => aborted.push(context.toolCallId));
      return wait.execute(args, context);
    } };
    const session = newSession({ model: 'm', tools: [observed] });
    const controller = new AbortController();

    const turn = session.ask('wait twice', { signal: controller.signal });
    await started.promise;
    controller.abort();

    await expect(turn).rejects.toBeInstanceOf(TurnCancelledError);
    expect(aborted.sort()).toEqual(['p1', 'p2']);
    expect(session.actor.getSnapshot().value).toBe('cancelled');
    expect(findConversationProblem(session.messages)).toBeUndefined();
    expect(session.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)).error.kind)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(session.actor.getSnapshot().children).toEqual({});

    expect((await session.ask('next')).content).toBe('after cancel');
    expect(findConversationProblem(bodies()[1]!.messages)).toBeUndefined();
  });

  it('a cancel event while deciding aborts the HTTP request', async () => {
    const requestAborted = deferred();
    const requestArrived = deferred();
    const { newSession } = await wireModel(mode, (_request, { signal }) => {
      requestArrived.resolve();
      return new Promise(() => signal.addEventListener('abort', () => requestAborted.resolve()));
    });
    const session = newSession({ model: 'm' });
    const turn = session.ask('slow');
    // Cancelled once the request is on the wire, so aborting it is observable at the server.
    await requestArrived.promise;
    session.actor.send({ type: 'cancel' });
    await expect(turn).rejects.toBeInstanceOf(TurnCancelledError);
    await requestAborted.promise;
    expect(session.messages).toEqual([{ role: 'user', content: 'slow' }]);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { newSession, bodies } = await wireModel(mode, []);
    const session = newSession({ model: 'm' });
    await expect(session.ask('x', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TurnCancelledError);
    expect(bodies()).toHaveLength(0);
  });
});

describe.each(WIRE_MODES)('cancellation at any instant ($name)', (mode) => {
  it('an abort fired while ask is sending its event (a subscriber reacting to deciding) still cancels the turn', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ content: 'should never be the answer' }]);
    const session = newSession({ model: 'm' });
    const controller = new AbortController();
    const subscription = session.actor.subscribe((snapshot) => {
      if (snapshot.matches('deciding')) controller.abort();
    });
    await expect(session.ask('cancel me at once', { signal: controller.signal })).rejects.toBeInstanceOf(TurnCancelledError);
    subscription.unsubscribe();
    expect(session.actor.getSnapshot().value).toBe('cancelled');
    expect(findConversationProblem(session.messages)).toBeUndefined();
    // Cancelled before the request left: nothing was sent, so the next turn gets the first reply.
    expect(bodies()).toHaveLength(0);
    expect((await session.ask('next')).content).toBe('should never be the answer');
  });

  it('session.stop() while tools run rejects with a typed error and leaves a history a new session accepts', async () => {
    const { newSession } = await wireModel(mode, [{ toolCalls: [{ id: 'w1', name: 'wait', arguments: { text: 'x' } }] }, { content: 'continued elsewhere' }]);
    const running = deferred();
    let aborted = false;
    const wait = echoTool('wait', () => new Promise(() => running.resolve()));
    const observed = {
      ...wait,
      execute: (args: { text: string }, context: ToolExecutionContext) => {
        context.signal.addEventListener('abort', () => (aborted = true));
        return wait.execute(args, context);
      },
    };
    const session = newSession({ model: 'm', tools: [observed] });
    const turn = session.ask('go');
    await running.promise;
    session.stop();
    const error = await turn.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TurnCancelledError);
    expect(aborted).toBe(true);
    expect(findConversationProblem(session.messages)).toBeUndefined();
    expect(session.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'w1' });
    // The history is one createSession({ messages }) accepts, and the API too.
    const next = newSession({ model: 'm', tools: [observed], messages: session.messages });
    expect((await next.ask('carry on')).content).toBe('continued elsewhere');
    await expect(session.ask('after stop')).rejects.toBeInstanceOf(TurnCancelledError);
  });

  it('aborts at random instants in deciding, executing and responding always leave a valid history and a usable session', async () => {
    // Deterministic offsets: microtask counts and short timers into each stage.
    const offsets = [0, 1, 2, 5, 10, 'timer:0', 'timer:1', 'timer:3', 'timer:8'] as const;
    for (const offset of offsets) {
      const { newSession, bodies } = await wireModel(mode, async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return request.messages.at(-1)!.role === 'user' && request.messages.at(-1)!.content !== 'last'
          ? { toolCalls: [{ id: `c${request.messages.length}`, name: 'slow', arguments: { text: 'x' } }] }
          : { content: 'answer' };
      });
      const slow = echoTool('slow', () => new Promise((resolve) => setTimeout(() => resolve('done'), 3)));
      const session = newSession({ model: 'm', tools: [slow] });
      for (let round = 0; round < 3; round += 1) {
        const controller = new AbortController();
        const turn = session.ask(`question ${round}`, { signal: controller.signal }).catch((error: unknown) => error);
        if (typeof offset === 'number') for (let tick = 0; tick < offset * (round + 1); tick += 1) await Promise.resolve();
        else await new Promise((resolve) => setTimeout(resolve, Number(offset.slice(6)) * (round + 1)));
        controller.abort();
        const outcome = await turn;
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(TurnCancelledError);
        expect(findConversationProblem(session.messages), `offset ${offset}, round ${round}`).toBeUndefined();
        expect(Object.keys(session.actor.getSnapshot().children)).toEqual([]);
      }
      expect((await session.ask('last')).content).toBe('answer');
      for (const body of bodies()) expect(findConversationProblem(body.messages)).toBeUndefined();
    }
  });
});
