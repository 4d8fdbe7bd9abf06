import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer, type ScriptedReply } from '../../src/offline-model/index.js';
import { clientFor, expectApiError, expectBadRequest } from './support.js';
import { callOutputs, flatTools, postResponses, replayed } from './responses-support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const twoCalls: ScriptedReply = {
  toolCalls: [
    { id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'call_tokyo', name: 'get_weather', arguments: { city: 'Tokyo' } },
  ],
};

/** A server playing `replies`, whose responder records the Chat Completions view of every request. */
async function start(...replies: ScriptedReply[]) {
  const seen: ChatCompletionCreateParams[] = [];
  let served = 0;
  server = await startOfflineModel({
    script: (request) => {
      seen.push(request);
      served += 1;
      return replies[served - 1] ?? { content: 'done' };
    },
  });
  return { client: clientFor(server), seen };
}

const user = { role: 'user' as const, content: 'Weather in Paris and Tokyo?' };
const call = (callId: string, id?: string): ResponseInputItem => ({
  type: 'function_call',
  ...(id !== undefined ? { id } : {}),
  call_id: callId,
  name: 'get_weather',
  arguments: '{}',
});
const output = (callId: string): ResponseInputItem => ({
  type: 'function_call_output',
  call_id: callId,
  output: '{"temperature":20}',
});
const NO_CALL = (callId: string) => `No tool call found for function call output with call_id ${callId}.`;
const NO_OUTPUT = (callId: string) => `No tool output found for function call ${callId}.`;

describe('pairing function calls with outputs, stateless', () => {
  it('accepts every call answered once, in any order after the calls', async () => {
    const { client } = await start();
    const response = await client.responses.create({
      model: 'm',
      input: [
        user,
        call('call_a'),
        call('call_b'),
        { role: 'assistant', content: 'working on it' },
        output('call_b'),
        output('call_a'),
      ],
      tools: flatTools,
    });
    expect(response.output_text).toBe('done');
  });

  it('rejects a call left unanswered, naming it', async () => {
    const { client, seen } = await start();
    const error = await expectBadRequest(
      client.responses.create({ model: 'm', input: [user, call('call_a'), call('call_b'), output('call_a')] }),
      {
        message: NO_OUTPUT('call_b'),
        param: 'input',
      },
    );
    expect(error.code).toBeNull();
    expect(seen).toEqual([]);
  });

  it('rejects an output for an unknown call, an output before its call and a second output for one call', async () => {
    const { client } = await start();
    const cases: [ResponseInputItem[], string][] = [
      [[user, call('call_a'), output('call_x'), output('call_a')], 'call_x'],
      [[user, output('call_a'), call('call_a')], 'call_a'],
      [[user, call('call_a'), output('call_a'), output('call_a')], 'call_a'],
    ];
    for (const [input, wrongId] of cases) {
      await expectBadRequest(client.responses.create({ model: 'm', input }), { message: NO_CALL(wrongId), param: 'input' });
    }
  });

  it('rejects item ids of the wrong kind and items sent twice', async () => {
    const { client } = await start();
    const error = await expectBadRequest(
      client.responses.create({ model: 'm', input: [user, call('call_a', 'call_a'), output('call_a')] }),
      { message: "Invalid 'input[1].id': 'call_a'. Expected an ID that begins with 'fc'.", param: 'input[1].id' },
    );
    expect(error.code).toBe('invalid_id_prefix');
    await expectBadRequest(
      client.responses.create({
        model: 'm',
        input: [
          user,
          {
            type: 'message',
            id: 'fc_1',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: 'hi', annotations: [] }],
          },
        ],
      }),
      { message: "Invalid 'input[1].id': 'fc_1'. Expected an ID that begins with 'msg'.", param: 'input[1].id' },
    );
    await expectBadRequest(
      client.responses.create({
        model: 'm',
        input: [user, call('call_a', 'fc_1'), call('call_b', 'fc_1'), output('call_a'), output('call_b')],
      }),
      { message: 'Duplicate item found with id fc_1. Remove duplicate items from your input and try again.', param: 'input' },
    );
  });

  it('round-trips a response: its output items and their outputs appended to the input', async () => {
    const { client, seen } = await start(twoCalls);
    const tools = flatTools;
    const first = await client.responses.create({ model: 'm', input: [user], tools, store: false });
    const outputs = callOutputs(first, (_name, args) => `sunny at ${args}`);
    const second = await client.responses.create({
      model: 'm',
      input: [user, ...replayed(first), ...outputs],
      tools,
      store: false,
    });
    expect(second.output_text).toBe('done');
    expect(seen[1]?.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_tokyo', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_paris', content: 'sunny at {"city":"Paris"}' },
      { role: 'tool', tool_call_id: 'call_tokyo', content: 'sunny at {"city":"Tokyo"}' },
    ]);
  });
});

describe('previous_response_id', () => {
  it('continues a stored response: sending only the outputs for its calls is enough', async () => {
    const { client, seen } = await start(twoCalls, { content: 'Paris 20°, Tokyo 20°' });
    const first = await client.responses.create({
      model: 'm',
      input: 'Weather in Paris and Tokyo?',
      instructions: 'Be brief.',
      tools: flatTools,
    });
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: callOutputs(first, () => '{"temperature":20}'),
      tools: flatTools,
    });
    expect(second).toMatchObject({ previous_response_id: first.id, output_text: 'Paris 20°, Tokyo 20°' });
    // The remembered context comes first; instructions are per request, not carried over.
    expect(seen[1]?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool']);
    expect(seen[1]?.messages[0]).toEqual({ role: 'user', content: 'Weather in Paris and Tokyo?' });

    const third = await client.responses.create({
      model: 'm',
      previous_response_id: second.id,
      input: 'And tomorrow?',
      instructions: 'Use °F.',
    });
    expect(third.status).toBe('completed');
    expect(seen[2]?.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'assistant',
      'user',
    ]);
    expect(seen[2]?.messages[0]).toEqual({ role: 'system', content: 'Use °F.' });
  });

  it('rejects outputs missing for some of the remembered calls', async () => {
    const { client } = await start(twoCalls);
    const first = await client.responses.create({ model: 'm', input: [user], tools: flatTools });
    await expectBadRequest(
      client.responses.create({ model: 'm', previous_response_id: first.id, input: [output('call_paris')] }),
      { message: NO_OUTPUT('call_tokyo'), param: 'input' },
    );
    // Moving on without answering them is the same mistake.
    await expectBadRequest(client.responses.create({ model: 'm', previous_response_id: first.id, input: 'never mind' }), {
      message: NO_OUTPUT('call_paris'),
      param: 'input',
    });
  });

  it('rejects re-sending an output or a call the remembered context already has', async () => {
    const { client } = await start(twoCalls, { content: 'ok' });
    const first = await client.responses.create({ model: 'm', input: [user], tools: flatTools });
    const outputs = callOutputs(first, () => '20');
    const second = await client.responses.create({ model: 'm', previous_response_id: first.id, input: outputs });
    // openai-agents-js#1435: outputs consumed by an earlier request must not be sent again.
    await expectBadRequest(client.responses.create({ model: 'm', previous_response_id: second.id, input: [outputs[0]!, user] }), {
      message: NO_CALL('call_paris'),
      param: 'input',
    });
    // Sending the call items back along with the outputs duplicates what the server already has.
    const callItem = first.output.find((item) => item.type === 'function_call')!;
    await expectBadRequest(
      client.responses.create({ model: 'm', previous_response_id: first.id, input: [callItem, ...outputs] }),
      {
        message: `Duplicate item found with id ${callItem.id}. Remove duplicate items from your input and try again.`,
        param: 'input',
      },
    );
  });

  it('answers an unknown id, and a response stored with store: false, with the real 400', async () => {
    const { client } = await start();
    const notFound = async (id: string) => {
      const error = await expectBadRequest(client.responses.create({ model: 'm', previous_response_id: id, input: 'hi' }), {
        message: `Previous response with id '${id}' not found.`,
        param: 'previous_response_id',
      });
      expect(error.code).toBe('previous_response_not_found');
    };
    await notFound('resp_nope');
    const unstored = await client.responses.create({ model: 'm', input: 'hi', store: false });
    expect(unstored).toMatchObject({ store: false, status: 'completed' });
    await notFound(unstored.id);
  });

  it('remembers per server, in memory', async () => {
    const { client } = await start();
    const first = await client.responses.create({ model: 'm', input: 'hi' });
    const other = await startOfflineModel({ script: [{ content: 'x' }] });
    try {
      await expectApiError(clientFor(other).responses.create({ model: 'm', previous_response_id: first.id, input: 'hi' }), 400);
    } finally {
      await other.close();
    }
  });

  it('does not store a response whose request was invalid, and keeps the conversation usable', async () => {
    const { client } = await start(twoCalls, { content: 'ok' });
    const first = await client.responses.create({ model: 'm', input: [user], tools: flatTools });
    await expectBadRequest(
      client.responses.create({ model: 'm', previous_response_id: first.id, input: [output('call_paris')] }),
      {
        message: NO_OUTPUT('call_tokyo'),
        param: 'input',
      },
    );
    const fixed = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: callOutputs(first, () => '20'),
    });
    expect(fixed.output_text).toBe('ok');
  });

  it('validates the raw body before looking the previous response up', async () => {
    const { client } = await start();
    await expectBadRequest(postResponses(client, { model: 'm', previous_response_id: 42 }), {
      message: "Invalid type for 'previous_response_id': expected a string, but got an integer instead.",
      param: 'previous_response_id',
    });
  });
});
