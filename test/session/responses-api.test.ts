import type { ResponseCreateParamsBase } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { ApiRequestError, createSession, InvalidOptionsError, TurnCancelledError, type TurnEvent } from '../../src/index.js';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { deferred, scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { RESPONSES_MODES } from '../support/wire-modes.js';

const twoRounds: ScriptedReply[] = [
  { toolCalls: [{ id: 'call_a', name: 'echo', arguments: { text: 'Paris' } }, { id: 'call_b', name: 'echo', arguments: { text: 'Tokyo' } }], reasoning: true },
  { toolCalls: [{ id: 'call_c', name: 'echo', arguments: { text: 'again' } }] },
  { content: 'Both echoed, then once more.' },
];

async function session(script: ScriptedReply[], serverState: boolean, stream = false) {
  const model = await scriptedModel([...script, { content: 'the next turn works' }]);
  const created = createSession({ client: model.client, model: 'm', tools: [echoTool()], api: 'responses', serverState, stream });
  const requests = () => model.server.responsesRequests.map((request) => request.body as ResponseCreateParamsBase);
  return { ...model, session: created, requests };
}

describe.each(RESPONSES_MODES)('the Responses API ($name)', ({ serverState }) => {
  it('runs the same turn as Chat Completions: same TurnResult, same chat-shaped history', async () => {
    const viaResponses = await session(twoRounds, serverState);
    const viaChat = await scriptedModel(twoRounds);
    const chat = createSession({ client: viaChat.client, model: 'm', tools: [echoTool()] });
    const [responsesResult, chatResult] = await Promise.all([viaResponses.session.ask('go'), chat.ask('go')]);
    const timeless = (result: typeof chatResult) => ({ ...result, toolCalls: result.toolCalls.map((call) => ({ ...call, durationMs: 0 })) });
    expect(timeless(responsesResult)).toEqual(timeless(chatResult));
    expect(viaResponses.session.messages).toEqual(chat.messages);
    expect(viaResponses.server.requests).toHaveLength(0);
    expect(viaResponses.requests()).toHaveLength(3);
    expect((await viaResponses.session.ask('next')).content).toBe('the next turn works');
  });

  it('sends flat function tools, function_call items and outputs with the same call_id, and honours parallel_tool_calls', async () => {
    const { session: s, requests } = await session(twoRounds, serverState);
    await s.ask('go');
    const [first, second] = requests();
    expect(first!.tools).toEqual([expect.objectContaining({ type: 'function', name: 'echo', strict: true, parameters: expect.any(Object) })]);
    expect(first!.parallel_tool_calls).toBe(true);
    const items = second!.input as { type?: string; call_id?: string }[];
    const outputs = items.filter((item) => item.type === 'function_call_output').map((item) => item.call_id);
    expect(outputs).toEqual(['call_a', 'call_b']);
    if (serverState) {
      expect(second).toMatchObject({ store: true, previous_response_id: expect.stringMatching(/^resp_/) });
      // Only what the server does not have yet: the two outputs.
      expect(items).toHaveLength(2);
    } else {
      expect(second).toMatchObject({ store: false, include: ['reasoning.encrypted_content'] });
      expect(second!.previous_response_id).toBeUndefined();
      // The whole conversation again, with the reasoning item in front of the calls it came with.
      expect(items.map((item) => item.type ?? 'message')).toEqual(['message', 'reasoning', 'function_call', 'function_call', 'function_call_output', 'function_call_output']);
    }
  });

  it('streams the same events as Chat Completions streaming', async () => {
    const responses = await session(twoRounds, serverState, true);
    const chat = await scriptedModel(twoRounds);
    const collect = async (stream: AsyncIterable<TurnEvent>) => {
      const seen: string[] = [];
      for await (const event of stream) {
        if (event.type === 'tool_call.started') seen.push(`started ${event.id} ${event.name}`);
        if (event.type === 'tool_call.settled') seen.push(`settled ${event.id}`);
        if (event.type === 'turn.done') seen.push(`done ${event.result.content}`);
      }
      return seen.sort();
    };
    const viaChat = createSession({ client: chat.client, model: 'm', tools: [echoTool()], stream: true });
    expect(await collect(responses.session.stream('go'))).toEqual(await collect(viaChat.stream('go')));
    const deltas: string[] = [];
    await responses.session.ask('next', { onEvent: (event) => event.type === 'content.delta' && deltas.push(event.delta) });
    expect(deltas.join('')).toBe('the next turn works');
  });

  it('a cancelled turn still answers every call_id, and the next request is accepted', async () => {
    const hold = deferred();
    const model = await scriptedModel([{ toolCalls: [{ id: 'call_x', name: 'hang', arguments: { text: 'x' } }, { id: 'call_y', name: 'hang', arguments: { text: 'y' } }] }, { content: 'after the cancel' }]);
    const hang = echoTool('hang', () => {
      hold.resolve();
      return new Promise(() => {});
    });
    const s = createSession({ client: model.client, model: 'm', tools: [hang], api: 'responses', serverState });
    const controller = new AbortController();
    const turn = s.ask('go', { signal: controller.signal });
    await hold.promise;
    controller.abort();
    await expect(turn).rejects.toBeInstanceOf(TurnCancelledError);
    expect(findConversationProblem(s.messages)).toBeUndefined();
    expect((await s.ask('next')).content).toBe('after the cancel');
    const last = model.server.responsesRequests.at(-1)!.body as ResponseCreateParamsBase;
    const outputs = (last.input as { type?: string; call_id?: string }[]).filter((item) => item.type === 'function_call_output').map((item) => item.call_id);
    expect(outputs).toEqual(['call_x', 'call_y']);
  });

  it('a failed request is retried with exactly the same body', async () => {
    const { session: s, requests } = await session([twoRounds[0]!, { error: { status: 500, message: 'boom' } }, twoRounds[2]!], serverState);
    await expect(s.ask('go')).rejects.toMatchObject({ name: 'ApiRequestError', status: 500, stage: 'respond' });
    expect((await s.retry()).content).toBe('Both echoed, then once more.');
    expect(requests()[2]).toEqual(requests()[1]);
  });

  it('an unusable response is a retryable ApiRequestError', async () => {
    const { session: s } = await session([{ raw: { body: JSON.stringify({ id: 'resp_1', object: 'response', output: 'nope' }) } }], serverState);
    const error = await s.ask('go').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ code: 'invalid_response', message: expect.stringContaining('no `output` array') });
  });
});

describe('Responses API options', () => {
  it('requestParams are mapped (max_completion_tokens → max_output_tokens), and those it has no field for are refused', async () => {
    const model = await scriptedModel([{ content: 'ok' }]);
    const s = createSession({ client: model.client, model: 'm', api: 'responses', requestParams: { temperature: 0.3, max_completion_tokens: 50 } });
    await s.ask('hi');
    expect(model.server.responsesRequests[0]!.body).toMatchObject({ temperature: 0.3, max_output_tokens: 50 });
    expect(() => createSession({ client: model.client, model: 'm', api: 'responses', requestParams: { seed: 1 } })).toThrow(InvalidOptionsError);
    expect(() => createSession({ client: model.client, model: 'm', serverState: true })).toThrow(/serverState is for the Responses API/);
  });
});

describe('server state after a reply whose call ids toolcycle renamed', () => {
  it('goes on from the response before it and sends that reply again, reasoning first', async () => {
    const { session: s, requests } = await session(
      [
        { content: 'hello' },
        {
          toolCalls: [
            { id: 'dup', name: 'echo', arguments: { text: '1' } },
            { id: 'dup', name: 'echo', arguments: { text: '2' } },
          ],
          reasoning: true,
        },
        { content: 'both echoed' },
      ],
      true,
    );
    await s.ask('hi');
    const result = await s.ask('echo twice');
    expect(result.content).toBe('both echoed');
    expect(result.toolCalls.map((call) => call.id)).toEqual(['dup', 'dup_1']);
    await s.ask('and now?');
    const [first, second, third, fourth] = requests();
    // The renamed reply is never continued from: the request after it goes on from the first response.
    expect(second!.previous_response_id).toBe(third!.previous_response_id);
    expect(first!.previous_response_id).toBeUndefined();
    const items = third!.input as Array<{ type?: string; role?: string; call_id?: string }>;
    expect(items.map((item) => item.type ?? item.role)).toEqual(['user', 'reasoning', 'function_call', 'function_call', 'function_call_output', 'function_call_output']);
    expect(items.filter((item) => item.type === 'function_call_output').map((item) => item.call_id)).toEqual(['dup', 'dup_1']);
    // Once a reply could be continued from, the conversation lives on the server again.
    expect(fourth!.previous_response_id).toEqual(expect.any(String));
    expect(fourth!.previous_response_id).not.toBe(third!.previous_response_id);
    expect(fourth!.input).toHaveLength(1);
  });
});
