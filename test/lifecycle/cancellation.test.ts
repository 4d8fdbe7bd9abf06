import { describe, expect, it } from 'vitest';
import { createSession, TurnCancelledError, type ToolExecutionContext } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { deferred, scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

describe('cancellation', () => {
  it('aborting during parallel tools aborts every tool and answers each call as cancelled', async () => {
    const { client, bodies } = await scriptedModel([
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
    const session = createSession({ client, model: 'm', tools: [observed] });
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
    const { client } = await scriptedModel((_request, { signal }) => {
      return new Promise(() => signal.addEventListener('abort', () => requestAborted.resolve()));
    });
    const session = createSession({ client, model: 'm' });
    const turn = session.ask('slow');
    await new Promise((resolve) => setTimeout(resolve, 20));
    session.actor.send({ type: 'cancel' });
    await expect(turn).rejects.toBeInstanceOf(TurnCancelledError);
    await requestAborted.promise;
    expect(session.messages).toEqual([{ role: 'user', content: 'slow' }]);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { client, bodies } = await scriptedModel([]);
    const session = createSession({ client, model: 'm' });
    await expect(session.ask('x', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TurnCancelledError);
    expect(bodies()).toHaveLength(0);
  });
});
