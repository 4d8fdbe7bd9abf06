import type OpenAI from 'openai';
import type { Response, ResponseInputItem, ResponseReasoningItem } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer, type ScriptedReply } from '../../src/offline-model/index.js';
import { clientFor, expectApiError, expectBadRequest } from './support.js';
import { callOutputs, flatTools, replayed } from './responses-support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: ScriptedReply[]) {
  server = await startOfflineModel({ script });
  return clientFor(server);
}

const user: ResponseInputItem = { role: 'user', content: 'Weather in Paris?' };
const parisCall: ScriptedReply = { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] };
const ENCRYPTED = ['reasoning.encrypted_content' as const];

/** The conversation's first reply, asked for as a stateless client asks: nothing stored, reasoning sent back encrypted. */
function firstStatelessReply(client: OpenAI): Promise<Response> {
  return client.responses.create({ model: 'm', input: [user], tools: flatTools, include: ENCRYPTED, store: false });
}

function reasoningOf(response: Response): ResponseReasoningItem {
  const item = response.output[0];
  if (item?.type !== 'reasoning') throw new Error(`expected a reasoning item first, got ${item?.type}`);
  return item;
}

describe('reasoning items', () => {
  it('come first, with encrypted content, when the request includes reasoning.encrypted_content', async () => {
    const client = await start([parisCall]);
    const response = await firstStatelessReply(client);
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(reasoningOf(response)).toEqual({
      id: 'rs_offline0001',
      type: 'reasoning',
      summary: [],
      encrypted_content: expect.any(String),
    });
  });

  it('come without encrypted content for a scripted reasoning reply that did not include it', async () => {
    const client = await start([{ ...parisCall, reasoning: true }, { content: 'hi' }]);
    const reasoning = await client.responses.create({ model: 'm', input: [user], tools: flatTools });
    expect(reasoningOf(reasoning)).toEqual({ id: 'rs_offline0001', type: 'reasoning', summary: [] });
    const plain = await client.responses.create({ model: 'm', input: 'hi' });
    expect(plain.output.map((item) => item.type)).toEqual(['message']);
  });

  it('round-trip statelessly: sent back with their encrypted content before the calls they preceded', async () => {
    const client = await start([parisCall, { content: 'Sunny.' }]);
    const first = await firstStatelessReply(client);
    const second = await client.responses.create({
      model: 'm',
      input: [user, ...replayed(first), ...callOutputs(first, () => '{"temperature":20}')],
      tools: flatTools,
      include: ENCRYPTED,
      store: false,
    });
    expect(second.output_text).toBe('Sunny.');
    expect(second.output[0]).toMatchObject({ type: 'reasoning', id: 'rs_offline0002' });
  });

  it('must be sent back: a call replayed without its reasoning item is rejected, whatever was stored', async () => {
    const client = await start([parisCall]);
    const first = await firstStatelessReply(client);
    const [reasoning, callItem] = first.output as [ResponseReasoningItem, ResponseInputItem & { id: string }];
    await expectBadRequest(
      client.responses.create({ model: 'm', input: [user, callItem, ...callOutputs(first, () => '20')], store: false }),
      {
        message: `Item '${callItem.id}' of type 'function_call' was provided without its required 'reasoning' item: '${reasoning.id}'.`,
        param: 'input',
      },
    );
  });

  it('must be followed by the item that followed them', async () => {
    const client = await start([parisCall]);
    const first = await firstStatelessReply(client);
    const reasoning = reasoningOf(first);
    await expectBadRequest(
      client.responses.create({ model: 'm', input: [user, reasoning, { role: 'user', content: 'more?' }], store: false }),
      {
        message: `Item '${reasoning.id}' of type 'reasoning' was provided without its required following item.`,
        param: 'input',
      },
    );
  });

  it('reject encrypted content this server did not issue for that item', async () => {
    const client = await start([parisCall]);
    const first = await firstStatelessReply(client);
    const reasoning = reasoningOf(first);
    const content = reasoning.encrypted_content!;
    const tampered = `${content.slice(0, -6)}AAAAAA`;
    const error = await expectBadRequest(
      client.responses.create({
        model: 'm',
        input: [
          user,
          { ...reasoning, encrypted_content: tampered },
          ...replayed(first).slice(1),
          ...callOutputs(first, () => '20'),
        ],
        store: false,
      }),
      {
        message: `The encrypted content ${tampered.slice(0, 4)}...AAAA could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
        param: null,
      },
    );
    expect(error.code).toBe('invalid_encrypted_content');
    // Genuine content moved onto another item id does not verify either.
    await expectBadRequest(
      client.responses.create({
        model: 'm',
        input: [user, { ...reasoning, id: 'rs_other' }, ...replayed(first).slice(1), ...callOutputs(first, () => '20')],
        store: false,
      }),
      { message: /could not be verified/, param: null },
    );
  });

  it('can come back by id alone when their response was stored, and not when it was not', async () => {
    const client = await start([{ ...parisCall, reasoning: true }, { content: 'ok' }, { ...parisCall, reasoning: true }]);
    const stored = await client.responses.create({ model: 'm', input: [user], tools: flatTools });
    const replay = (response: Response, store: boolean) =>
      client.responses.create({ model: 'm', input: [user, ...replayed(response), ...callOutputs(response, () => '20')], store });
    expect((await replay(stored, false)).output_text).toBe('ok');

    const unstored = await client.responses.create({ model: 'm', input: [user], tools: flatTools, store: false });
    const id = reasoningOf(unstored).id;
    const error = await expectApiError(replay(unstored, false), 404);
    expect(error.error).toEqual({
      message: `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
      type: 'invalid_request_error',
      param: 'input',
      code: null,
    });
    expect((await expectApiError(replay(unstored, true), 404)).message).toBe(`404 Item with id '${id}' not found.`);
  });

  it('stay in the remembered context with previous_response_id, so only the outputs are sent', async () => {
    const client = await start([{ ...parisCall, reasoning: true }, { content: 'Sunny.' }]);
    const first = await client.responses.create({ model: 'm', input: [user], tools: flatTools });
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: callOutputs(first, () => '20'),
    });
    expect(second.output_text).toBe('Sunny.');
  });
});
