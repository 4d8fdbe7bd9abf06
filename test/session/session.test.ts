import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';

describe('turns', () => {
  it('queues turns asked at the same time instead of interleaving them', async () => {
    const { client, bodies } = await scriptedModel([{ content: 'first answer' }, { content: 'second answer' }]);
    const session = createSession({ client, model: 'm' });

    const [first, second] = await Promise.all([session.ask('one'), session.ask('two')]);

    expect([first.content, second.content]).toEqual(['first answer', 'second answer']);
    expect(bodies()[1]!.messages.map((m) => m.content)).toEqual(['one', 'first answer', 'two']);
  });
});

describe('sessions sharing a client', () => {
  it('share one machine yet keep separate configuration and history', async () => {
    const { client, bodies } = await scriptedModel([{ content: 'to a' }, { content: 'to b' }]);
    const a = createSession({ client, model: 'model-a', tools: [echoTool()] });
    const b = createSession({ client, model: 'model-b', parallelToolCalls: false, tools: [echoTool()] });
    expect(a.actor.logic).toBe(b.actor.logic);
    await a.ask('hello a');
    await b.ask('hello b');
    expect(bodies().map((body) => [body.model, body.parallel_tool_calls, body.messages.length])).toEqual([
      ['model-a', true, 1],
      ['model-b', false, 1],
    ]);
    expect(a.messages.map((m) => m.content)).toEqual(['hello a', 'to a']);
  });
});

describe('a tools array reused across sessions', () => {
  it('picks up tools added to the array after an earlier session was created', async () => {
    const { client, bodies } = await scriptedModel([{ content: 'a' }, { content: 'b' }]);
    const tools = [echoTool('first')];
    await createSession({ client, model: 'm', tools }).ask('one');
    tools.push(echoTool('second'));
    await createSession({ client, model: 'm', tools }).ask('two');
    expect(bodies().map((body) => body.tools?.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type)))).toEqual([
      ['first'],
      ['first', 'second'],
    ]);
  });
});

describe('requestParams', () => {
  it('are sent with every request, next to the lifecycle’s own parameters', async () => {
    const { client, bodies } = await scriptedModel([
      { toolCalls: [{ id: 'p1', name: 'echo', arguments: { text: 'x' } }] },
      { content: 'done' },
    ]);
    const session = createSession({
      client,
      model: 'm',
      tools: [echoTool()],
      requestParams: { temperature: 0.2, max_completion_tokens: 300, seed: 7, user: 'u-1' },
    });
    await session.ask('go');
    for (const body of bodies()) {
      expect(body).toMatchObject({ model: 'm', temperature: 0.2, max_completion_tokens: 300, seed: 7, user: 'u-1', parallel_tool_calls: true });
    }
  });
});
