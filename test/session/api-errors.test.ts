import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../src/index.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';

describe.each(WIRE_MODES)('API errors ($name)', (mode) => {
  it('uses the SDK retries, then fails with the HTTP status and message, keeping the history', async () => {
    const { newSession, bodies } = await wireModel(
      mode,
      [
        { error: { status: 503, message: 'overloaded' } },
        { error: { status: 503, message: 'still overloaded' } },
        { error: { status: 503, message: 'gave up' } },
      ],
      { maxRetries: 2 },
    );
    const session = newSession({ model: 'm' });

    const failure = await session.ask('hello').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiRequestError);
    expect(failure).toMatchObject({ status: 503, stage: 'decide' });
    expect((failure as ApiRequestError).message).toContain('gave up');
    expect(bodies()).toHaveLength(3);
    expect(session.actor.getSnapshot().value).toBe('failed');
    expect(session.messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('retry resends exactly the same request after a failure while responding', async () => {
    const { newSession, wireBodies } = await wireModel(mode, [
      { toolCalls: [{ id: 't1', name: 'echo', arguments: { text: 'x' } }] },
      { error: { status: 400, message: 'bad day' } },
      { content: 'finally' },
    ]);
    let runs = 0;
    const session = newSession({ model: 'm', tools: [echoTool('echo', () => (runs += 1))] });

    const failure = await session.ask('go').catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ApiRequestError', status: 400, stage: 'respond' });
    const historyAtFailure = [...session.messages];

    const result = await session.retry();

    expect(result.content).toBe('finally');
    expect(runs).toBe(1);
    expect(wireBodies()[2]).toEqual(wireBodies()[1]);
    expect(session.messages.slice(0, historyAtFailure.length)).toEqual(historyAtFailure);
  });

  it('a connection error (nothing listening) is an ApiRequestError without status', async () => {
    const { newSession, server } = await wireModel(mode, []);
    await server.close();
    const session = newSession({ model: 'm' });
    const failure = await session.ask('anyone?').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiRequestError);
    expect(failure).toMatchObject({ status: null, code: 'connection_error', stage: 'decide' });
  });

  it('a new message after a failure starts a fresh turn on the kept history', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ error: { status: 500, message: 'boom' } }, { content: 'ok now' }]);
    const session = newSession({ model: 'm' });
    await expect(session.ask('first')).rejects.toBeInstanceOf(ApiRequestError);
    const result = await session.ask('second');
    expect(result.content).toBe('ok now');
    expect(bodies()[1]!.messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'user', content: 'second' },
    ]);
  });
});

describe.each(WIRE_MODES)('retry without a failure ($name)', (mode) => {
  it('rejects instead of returning the previous turn', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ content: 'fine' }]);
    const session = newSession({ model: 'm' });
    await session.ask('hi');
    await expect(session.retry()).rejects.toMatchObject({ name: 'InvalidTurnError', reason: 'nothing_to_retry' });
    expect(bodies()).toHaveLength(1);
  });
});
