import { APIError } from 'openai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startOfflineModel,
  type OfflineModelServer,
  type ScriptedReply,
  type ScriptedStreamControls,
} from '../../src/offline-model/index.js';
import { clientFor, expectBadRequest } from './support.js';
import { collectEvents, flatTools } from './responses-support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const question = 'Weather in Paris and Tokyo?';
const parisArgs = '{"city":"Paris","unit":"celsius"}';
const tokyoArgs = '{"city":"Tokyo"}';
const twoCalls = (stream: ScriptedStreamControls = {}): ScriptedReply => ({
  toolCalls: [
    { id: 'call_paris', name: 'get_weather', arguments: parisArgs },
    { id: 'call_tokyo', name: 'get_weather', arguments: tokyoArgs },
  ],
  stream,
});

/** Streams one scripted reply (then answers the follow-ups with `later`) and collects the events. */
async function streamReply(reply: ScriptedReply, later: ScriptedReply[] = []) {
  await server?.close();
  server = await startOfflineModel({ script: [reply, ...later] });
  const client = clientFor(server);
  return { client, ...(await collectEvents(client, { model: 'gpt-test', input: question, tools: flatTools })) };
}

/** The same reply, not streamed, from a fresh server: the same ids, so the two can be compared. */
async function unstreamed(reply: ScriptedReply): Promise<Response> {
  const fresh = await startOfflineModel({ script: [reply] });
  try {
    return await clientFor(fresh).responses.create({ model: 'gpt-test', input: question, tools: flatTools });
  } finally {
    await fresh.close();
  }
}

/** What identifies a response apart from when it was made. */
const timeless = ({ created_at: _created, completed_at: _completed, output_text: _text, ...rest }: Response) => rest;

const typesOf = (events: readonly ResponseStreamEvent[]) => events.map((event) => event.type);

describe('Responses event streams', () => {
  it('stream a text reply in the order the API uses, numbered from 0', async () => {
    const { events, thrown } = await streamReply({ content: 'Paris is sunny today.' });
    expect(thrown).toBeUndefined();
    expect(typesOf(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const [created, inProgress, added] = events;
    expect(created).toMatchObject({ response: { id: 'resp_offline0001', status: 'in_progress', output: [], usage: null } });
    expect(inProgress).toMatchObject({ response: { status: 'in_progress', output: [] } });
    expect(added).toMatchObject({
      output_index: 0,
      item: { id: 'msg_offline0001', type: 'message', status: 'in_progress', content: [] },
    });
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event] : []));
    expect(deltas.map((delta) => delta.delta).join('')).toBe('Paris is sunny today.');
    expect(
      deltas.every((delta) => delta.item_id === 'msg_offline0001' && delta.output_index === 0 && delta.content_index === 0),
    ).toBe(true);
    expect(events.find((event) => event.type === 'response.output_text.done')).toMatchObject({ text: 'Paris is sunny today.' });
  });

  it('end with the same response a non-streaming request gets', async () => {
    for (const reply of [{ content: 'Hello.' }, twoCalls(), { content: 'Checking', ...twoCalls(), reasoning: true }]) {
      const { events } = await streamReply(reply);
      const completed = events.at(-1);
      if (completed?.type !== 'response.completed') throw new Error(`ended with ${completed?.type}`);
      expect(timeless(completed.response)).toEqual(timeless(await unstreamed(reply)));
    }
  });

  it('announce each function call with call_id and name, then send its arguments keyed by item_id', async () => {
    const { events } = await streamReply(twoCalls());
    const added = events.flatMap((event) => (event.type === 'response.output_item.added' ? [event] : []));
    expect(added.map(({ output_index, item }) => [output_index, item])).toEqual([
      [
        0,
        {
          id: 'fc_offline0001',
          type: 'function_call',
          status: 'in_progress',
          call_id: 'call_paris',
          name: 'get_weather',
          arguments: '',
        },
      ],
      [
        1,
        {
          id: 'fc_offline0002',
          type: 'function_call',
          status: 'in_progress',
          call_id: 'call_tokyo',
          name: 'get_weather',
          arguments: '',
        },
      ],
    ]);
    const argumentsOf = (itemId: string) =>
      events
        .flatMap((event) =>
          event.type === 'response.function_call_arguments.delta' && event.item_id === itemId ? [event.delta] : [],
        )
        .join('');
    expect([argumentsOf('fc_offline0001'), argumentsOf('fc_offline0002')]).toEqual([parisArgs, tokyoArgs]);
    expect(events.some((event) => event.type === 'response.function_call_arguments.delta' && 'call_id' in event)).toBe(false);
    expect(events.filter((event) => event.type === 'response.function_call_arguments.done')).toEqual([
      expect.objectContaining({ item_id: 'fc_offline0001', output_index: 0, arguments: parisArgs, name: 'get_weather' }),
      expect.objectContaining({ item_id: 'fc_offline0002', output_index: 1, arguments: tokyoArgs, name: 'get_weather' }),
    ]);
    expect(events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item)).toMatchObject([
      { status: 'completed', arguments: parisArgs },
      { status: 'completed', arguments: tokyoArgs },
    ]);
  });

  it('put a reasoning item first, added and done before the rest', async () => {
    const { events } = await streamReply({ ...twoCalls(), reasoning: true });
    expect(typesOf(events).slice(0, 5)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
    ]);
    expect(events[2]).toMatchObject({ output_index: 0, item: { type: 'reasoning', id: 'rs_offline0001' } });
    expect(events[4]).toMatchObject({ output_index: 1, item: { type: 'function_call' } });
  });

  it('are rebuilt by the SDK’s own accumulator, even interleaved, into the final response', async () => {
    for (const controls of [{}, { interleave: true, argumentFragments: 2 }]) {
      await server?.close();
      server = await startOfflineModel({ script: [{ content: 'Let me look.', ...twoCalls(controls) }] });
      const stream = clientFor(server).responses.stream({ model: 'gpt-test', input: question, tools: flatTools });
      const final = await stream.finalResponse();
      expect(final.output_text).toBe('Let me look.');
      expect(final.output.flatMap((item) => (item.type === 'function_call' ? [[item.call_id, item.arguments]] : []))).toEqual([
        ['call_paris', parisArgs],
        ['call_tokyo', tokyoArgs],
      ]);
    }
  });

  it('interleave the events of parallel calls with interleave, and split arguments into argumentFragments deltas', async () => {
    const callEvents = (events: readonly ResponseStreamEvent[]) =>
      events.flatMap((event) =>
        'output_index' in event && event.type !== 'response.function_call_arguments.done'
          ? [`${event.type.replace('response.', '')}#${event.output_index}`]
          : [],
      );
    const interleaved = await streamReply(twoCalls({ interleave: true, argumentFragments: 2 }));
    expect(callEvents(interleaved.events)).toEqual([
      'output_item.added#0',
      'output_item.added#1',
      'function_call_arguments.delta#0',
      'function_call_arguments.delta#1',
      'function_call_arguments.delta#0',
      'function_call_arguments.delta#1',
      'output_item.done#0',
      'output_item.done#1',
    ]);
    const sequential = await streamReply(twoCalls({ argumentFragments: 2 }));
    expect(callEvents(sequential.events)).toEqual([
      'output_item.added#0',
      'function_call_arguments.delta#0',
      'function_call_arguments.delta#0',
      'output_item.done#0',
      'output_item.added#1',
      'function_call_arguments.delta#1',
      'function_call_arguments.delta#1',
      'output_item.done#1',
    ]);
  });

  it('end with response.incomplete for a length stop', async () => {
    const { events } = await streamReply({ content: 'Once upon a time', finishReason: 'length' });
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('are remembered only once complete: a follow-up with previous_response_id works right after response.completed', async () => {
    const { client, events } = await streamReply(twoCalls(), [{ content: 'Both 20°.' }]);
    const completed = events.at(-1);
    if (completed?.type !== 'response.completed') throw new Error(`ended with ${completed?.type}`);
    const follow = await collectEvents(client, {
      model: 'gpt-test',
      previous_response_id: completed.response.id,
      input: [
        { type: 'function_call_output', call_id: 'call_paris', output: '20' },
        { type: 'function_call_output', call_id: 'call_tokyo', output: '20' },
      ],
    });
    expect(follow.events.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { output: [{ content: [{ text: 'Both 20°.' }] }] },
    });
  });
});

describe('Responses stream faults', () => {
  /** The id announced by response.created, which a follow-up must not be able to continue. */
  async function expectForgotten(events: readonly ResponseStreamEvent[]) {
    const created = events[0];
    if (created?.type !== 'response.created') throw new Error('no response.created');
    const id = created.response.id;
    await expectBadRequest(clientFor(server!).responses.create({ model: 'm', previous_response_id: id, input: 'hi' }), {
      message: `Previous response with id '${id}' not found.`,
      param: 'previous_response_id',
    });
  }

  it('cut the connection after cutAfterChunk events: the SDK yields them, then throws, and the response is not stored', async () => {
    const { events, thrown } = await streamReply(twoCalls({ cutAfterChunk: 4 }));
    expect(typesOf(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
    ]);
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String((thrown as Error).cause)).toMatch(/other side closed/);
    await expectForgotten(events);
  });

  it('send an error event after errorEvent.afterChunks events, which the SDK throws as an APIError', async () => {
    const errorEvent = { message: 'The server had an error', code: 'server_error', afterChunks: 3 };
    const { events, thrown } = await streamReply(twoCalls({ errorEvent }));
    expect(events).toHaveLength(3);
    expect(thrown).toBeInstanceOf(APIError);
    expect(thrown).toMatchObject({ status: undefined, message: errorEvent.message, code: 'server_error', type: 'server_error' });
    await expectForgotten(events);
  });

  it('end with response.failed after failedEvent.afterChunks events, holding the items finished so far', async () => {
    const failedEvent = { message: 'An error occurred while processing your request.', afterChunks: 9 };
    const { events, thrown } = await streamReply(twoCalls({ failedEvent, argumentFragments: 2 }));
    expect(thrown).toBeUndefined();
    expect(events).toHaveLength(10);
    const failed = events.at(-1);
    expect(failed).toMatchObject({
      type: 'response.failed',
      sequence_number: 9,
      response: {
        status: 'failed',
        error: { code: 'server_error', message: failedEvent.message },
        output: [{ type: 'function_call', call_id: 'call_paris', arguments: parisArgs, status: 'completed' }],
      },
    });
    expect(failed?.type === 'response.failed' && failed.response.output).toHaveLength(1);
    await expectForgotten(events);
  });

  it('end cleanly without the terminal event with omitDone, and leave the response unstored', async () => {
    const { events, thrown } = await streamReply(twoCalls({ omitDone: true }));
    expect(thrown).toBeUndefined();
    expect(events.at(-1)?.type).toBe('response.output_item.done');
    expect(events.some((event) => event.type === 'response.completed')).toBe(false);
    await expectForgotten(events);
  });

  it('are ignored on a request that does not stream', async () => {
    server = await startOfflineModel({ script: [twoCalls({ cutAfterChunk: 0, errorEvent: { message: 'x' } })] });
    const response = await clientFor(server).responses.create({ model: 'gpt-test', input: question, tools: flatTools });
    expect(response.status).toBe('completed');
  });
});
