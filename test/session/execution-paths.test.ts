import { describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import { barrier } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';

describe.each(WIRE_MODES)('execution paths through the real openai SDK ($name)', (mode) => {
  it('answers directly when the model asks for no tools', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ content: 'Hello there.' }]);
    const session = newSession({ model: 'm', tools: [echoTool()] });

    const result = await session.ask('hi');

    expect(result).toMatchObject({ content: 'Hello there.', toolCalls: [], steps: 0, stopReason: 'stop' });
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]).toMatchObject({ model: 'm', messages: [{ role: 'user', content: 'hi' }], parallel_tool_calls: true });
    expect(session.actor.getSnapshot().value).toBe('idle');
  });

  it('runs a single call and sends its result back with the same tool_call_id', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      { toolCalls: [{ id: 'call_1', name: 'echo', arguments: { text: 'ping' } }] },
      { content: 'It said ping.' },
    ]);
    const states: string[] = [];
    const session = newSession({ model: 'm', tools: [echoTool()] });
    session.actor.subscribe((snapshot) => states.push(JSON.stringify(snapshot.value)));

    const result = await session.ask('echo ping');

    expect(result.content).toBe('It said ping.');
    expect(result.steps).toBe(1);
    expect(result.toolCalls).toEqual([
      { id: 'call_1', name: 'echo', arguments: { text: 'ping' }, result: { echoed: 'ping' }, approval: 'not_required', durationMs: expect.any(Number) },
    ]);
    expect(states).toContain('{"executing":"single"}');
    expect(bodies()[1]!.messages.slice(-2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'echo', arguments: '{"text":"ping"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"echoed":"ping"}' },
    ]);
  });

  it('runs several calls concurrently when parallel is on, answering in call order', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      {
        toolCalls: [
          { id: 'call_a', name: 'slow', arguments: { text: 'a' } },
          { id: 'call_b', name: 'fast', arguments: { text: 'b' } },
        ],
      },
      { content: 'done' },
    ]);
    const bothRunning = barrier(2);
    const finished: string[] = [];
    // `slow` can only finish after `fast` has, and both only after both started: a serial run deadlocks.
    let fastDone!: () => void;
    const fastFinished = new Promise<void>((resolve) => (fastDone = resolve));
    const slow = echoTool('slow', async ({ text }) => {
      await bothRunning.arrive();
      await fastFinished;
      finished.push('slow');
      return text;
    });
    const fast = echoTool('fast', async ({ text }) => {
      await bothRunning.arrive();
      finished.push('fast');
      fastDone();
      return text;
    });
    const states: string[] = [];
    const session = newSession({ model: 'm', tools: [slow, fast] });
    session.actor.subscribe((snapshot) => states.push(JSON.stringify(snapshot.value)));

    const result = await session.ask('both');

    expect(finished).toEqual(['fast', 'slow']);
    expect(states).toContain('{"executing":"parallel"}');
    expect(result.toolCalls.map((call) => call.id)).toEqual(['call_a', 'call_b']);
    const toolMessages = bodies()[1]!.messages.filter((message) => message.role === 'tool');
    expect(toolMessages).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: 'a' },
      { role: 'tool', tool_call_id: 'call_b', content: 'b' },
    ]);
  });

  it('runs several calls one after another when parallelToolCalls is false', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      {
        toolCalls: [
          { id: 'c1', name: 'echo', arguments: { text: '1' } },
          { id: 'c2', name: 'echo', arguments: { text: '2' } },
          { id: 'c3', name: 'echo', arguments: { text: '3' } },
        ],
      },
      { content: 'done' },
    ]);
    const events: string[] = [];
    let running = 0;
    const tool = echoTool('echo', async ({ text }) => {
      running += 1;
      events.push(`start ${text} (running ${running})`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      events.push(`end ${text}`);
      return text;
    });
    const states: string[] = [];
    const session = newSession({ model: 'm', tools: [tool], parallelToolCalls: false });
    session.actor.subscribe((snapshot) => states.push(JSON.stringify(snapshot.value)));

    await session.ask('three');

    expect(events).toEqual(['start 1 (running 1)', 'end 1', 'start 2 (running 1)', 'end 2', 'start 3 (running 1)', 'end 3']);
    expect(states).toContain('{"executing":"sequential"}');
    expect(bodies()[0]).toMatchObject({ parallel_tool_calls: false });
    expect(bodies()[1]!.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual(['1', '2', '3']);
  });

  it('loops back to calling when the response asks for more tools', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      { toolCalls: [{ id: 'r1', name: 'echo', arguments: { text: 'first' } }] },
      { toolCalls: [{ id: 'r2', name: 'echo', arguments: { text: 'second' } }] },
      { content: 'two rounds' },
    ]);
    const session = newSession({ model: 'm', tools: [echoTool()] });

    const result = await session.ask('chain');

    expect(result).toMatchObject({ content: 'two rounds', steps: 2, stopReason: 'stop' });
    expect(result.toolCalls.map((call) => call.id)).toEqual(['r1', 'r2']);
    expect(bodies()).toHaveLength(3);
    for (const body of bodies()) {
      expect(findConversationProblem(body.messages)).toBeUndefined();
      expect(body.tool_choice).toBeUndefined();
    }
  });

  it('a round asked for past maxSteps is refused, then a final answer is forced with tool_choice "none"', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      { toolCalls: [{ id: 's1', name: 'echo', arguments: { text: '1' } }] },
      { toolCalls: [{ id: 's2', name: 'echo', arguments: { text: '2' } }] },
      { toolCalls: [{ id: 's3', name: 'echo', arguments: { text: '3' } }] },
      { content: 'forced answer' },
    ]);
    let runs = 0;
    const session = newSession({ model: 'm', tools: [echoTool('echo', () => (runs += 1))], maxSteps: 2 });

    const result = await session.ask('loop');

    expect(result).toMatchObject({ content: 'forced answer', steps: 2, stopReason: 'max_steps' });
    expect(runs).toBe(2);
    expect(result.toolCalls[2]).toMatchObject({ id: 's3', error: { kind: 'step_limit' } });
    expect(bodies().map((body) => body.tool_choice)).toEqual([undefined, undefined, undefined, 'none']);
    expect(findConversationProblem(bodies()[3]!.messages)).toBeUndefined();
  });

  it('reaching maxSteps with a natural answer is a plain stop, not max_steps', async () => {
    const { newSession, bodies } = await wireModel(mode, [
      { toolCalls: [{ id: 'n1', name: 'echo', arguments: { text: '1' } }] },
      { content: 'done in one round' },
    ]);
    const session = newSession({ model: 'm', tools: [echoTool()], maxSteps: 1 });
    const result = await session.ask('one round');
    expect(result).toMatchObject({ content: 'done in one round', steps: 1, stopReason: 'stop' });
    expect(bodies().map((body) => body.tool_choice)).toEqual([undefined, undefined]);
  });

  it('answers calls the model makes even after the forced final request with a step_limit error', async () => {
    const { newSession } = await wireModel(mode, [
      { toolCalls: [{ id: 's1', name: 'echo', arguments: { text: '1' } }] },
      { toolCalls: [{ id: 's2', name: 'echo', arguments: { text: 'past the limit' } }] },
      { toolCalls: [{ id: 's3', name: 'echo', arguments: { text: 'ignored tool_choice' } }] },
    ]);
    let runs = 0;
    const session = newSession({ model: 'm', tools: [echoTool('echo', () => (runs += 1))], maxSteps: 1 });

    const result = await session.ask('stubborn');

    expect(runs).toBe(1);
    expect(result.stopReason).toBe('max_steps');
    expect(result.toolCalls.slice(1)).toMatchObject([
      { id: 's2', error: { kind: 'step_limit' } },
      { id: 's3', error: { kind: 'step_limit' } },
    ]);
    expect(findConversationProblem(session.messages)).toBeUndefined();
    expect(session.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 's3' });
  });

  it('sends no tools and no parallel_tool_calls when no tools are registered', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ content: 'plain' }]);
    const session = newSession({ model: 'm', instructions: 'Be brief.' });

    await session.ask('hello');

    expect(bodies()[0]).not.toHaveProperty('tools');
    expect(bodies()[0]).not.toHaveProperty('parallel_tool_calls');
    expect(bodies()[0]!.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('adds up token usage per turn and over the session', async () => {
    const { newSession } = await wireModel(mode, [
      { toolCalls: [{ id: 'u1', name: 'echo', arguments: { text: 'x' } }], usage: { prompt_tokens: 10, completion_tokens: 5 } },
      { content: 'a', usage: { prompt_tokens: 20, completion_tokens: 3 } },
      { content: 'b', usage: { prompt_tokens: 30, completion_tokens: 2 } },
    ]);
    const session = newSession({ model: 'm', tools: [echoTool()] });

    const first = await session.ask('one');
    const second = await session.ask('two');

    expect(first.usage).toEqual({ promptTokens: 30, completionTokens: 8, totalTokens: 38 });
    expect(second.usage).toEqual({ promptTokens: 30, completionTokens: 2, totalTokens: 32 });
    expect(session.actor.getSnapshot().context.usage).toEqual({ promptTokens: 60, completionTokens: 10, totalTokens: 70 });
  });

});
