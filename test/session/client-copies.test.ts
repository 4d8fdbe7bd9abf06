import { createRequire } from 'node:module';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ApiRequestError, createSession, type ModelClient, type TurnEvent } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';

/**
 * A caller's client need not be toolcycle's copy of the SDK: the same package loaded through
 * `require` (the dual-package hazard), another version, or an object shaped like a client. Errors
 * keep their HTTP status and code whichever it is, because they are classified by the client's own
 * error classes and by the fields every SDK error sets, never by `instanceof` against our import.
 */
const require = createRequire(import.meta.url);
const CommonJsOpenAI = (require('openai') as { OpenAI: typeof OpenAI }).OpenAI;

describe('clients from another copy of the SDK', () => {
  it('the CommonJS build is a different class, and its errors still carry status and code', async () => {
    expect(CommonJsOpenAI).not.toBe(OpenAI);
    const { server } = await scriptedModel([{ error: { status: 429, message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }]);
    const client = new CommonJsOpenAI({ baseURL: server.baseURL, apiKey: 'k', maxRetries: 0 });
    const error = await createSession({ client, model: 'm' }).ask('hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'rate_limit_error', stage: 'decide', requestId: expect.stringMatching(/^req_/) });
  });

  it('its retries are reported too', async () => {
    const { server } = await scriptedModel([{ error: { status: 503, message: 'busy' } }, { content: 'fine' }]);
    const client = new CommonJsOpenAI({ baseURL: server.baseURL, apiKey: 'k', maxRetries: 1 });
    const events: TurnEvent[] = [];
    const result = await createSession({ client, model: 'm' }).ask('hi', { onEvent: (event) => events.push(event) });
    expect(result.content).toBe('fine');
    expect(events.filter((event) => event.type === 'request.retry')).toEqual([{ type: 'request.retry', attempt: 2, maxAttempts: 2, status: 503 }]);
  });

  it('a connection error is classified without a status, from either copy', async () => {
    const { server } = await scriptedModel([]);
    await server.close();
    for (const Client of [OpenAI, CommonJsOpenAI]) {
      const error = await createSession({ client: new Client({ baseURL: server.baseURL, apiKey: 'k', maxRetries: 0 }), model: 'm' })
        .ask('anyone?')
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'ApiRequestError', status: null, code: 'connection_error' });
    }
  });

  it('an object shaped like a client works, with errors read from their fields', async () => {
    const { client: real } = await scriptedModel([{ error: { status: 400, message: 'bad', code: 'bad_thing' } }, { content: 'wrapped works' }]);
    const wrapped: ModelClient = { chat: real.chat };
    const session = createSession({ client: wrapped, model: 'm' });
    await expect(session.ask('one')).rejects.toMatchObject({ status: 400, code: 'bad_thing' });
    expect((await session.retry()).content).toBe('wrapped works');
  });
});
