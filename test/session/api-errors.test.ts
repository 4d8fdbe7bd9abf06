import { describe, expect, it } from 'vitest';
import { ApiRequestError, createSession } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

describe('API errors', () => {
  it('uses the SDK retries, then fails with the HTTP status and message, keeping the history', async () => {
    const { client, bodies } = await scriptedModel(
      [
        { error: { status: 503, message: 'overloaded' } },
        { error: { status: 503, message: 'still overloaded' } },
        { error: { status: 503, message: 'gave up' } },
      ],
      { maxRetries: 2 },
    );
    const session = createSession({ client, model: 'm' });

    const failure = await session.ask('hello').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiRequestError);
    expect(failure).toMatchObject({ status: 503, stage: 'decide' });
    expect((failure as ApiRequestError).message).toContain('gave up');
    expect(bodies()).toHaveLength(3);
    expect(session.actor.getSnapshot().value).toBe('failed');
    expect(session.messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('retry resends exactly the same request after a failure while responding', async () => {
    const { client, bodies } = await scriptedModel([
      { toolCalls: [{ id: 't1', name: 'echo', arguments: { text: 'x' } }] },
      { error: { status: 400, message: 'bad day' } },
      { content: 'finally' },
    ]);
    let runs = 0;
    const session = createSession({ client, model: 'm', tools: [echoTool('echo', () => (runs += 1))] });

    const failure = await session.ask('go').catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ApiRequestError', status: 400, stage: 'respond' });
    const historyAtFailure = [...session.messages];

    const result = await session.retry();

    expect(result.content).toBe('finally');
    expect(runs).toBe(1);
    expect(bodies()[2]).toEqual(bodies()[1]);
    expect(session.messages.slice(0, historyAtFailure.length)).toEqual(historyAtFailure);
  });

  it('a connection error (nothing listening) is an ApiRequestError without status', async () => {
    const { client, server } = await scriptedModel([]);
    await server.close();
    const session = createSession({ client, model: 'm' });
    const failure = await session.ask('anyone?').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiRequestError);
    expect(failure).toMatchObject({ status: null, code: 'connection_error', stage: 'decide' });
  });

  it('a new message after a failure starts a fresh turn on the kept history', async () => {
    const { client, bodies } = await scriptedModel([{ error: { status: 500, message: 'boom' } }, { content: 'ok now' }]);
    const session = createSession({ client, model: 'm' });
    await expect(session.ask('first')).rejects.toBeInstanceOf(ApiRequestError);
    const result = await session.ask('second');
    expect(result.content).toBe('ok now');
    expect(bodies()[1]!.messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'user', content: 'second' },
    ]);
  });
});

describe('retry without a failure', () => {
  it('rejects instead of returning the previous turn', async () => {
    const { client, bodies } = await scriptedModel([{ content: 'fine' }]);
    const session = createSession({ client, model: 'm' });
    await session.ask('hi');
    await expect(session.retry()).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'nothing_to_retry' });
    expect(bodies()).toHaveLength(1);
  });
});
