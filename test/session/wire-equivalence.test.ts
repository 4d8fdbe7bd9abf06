import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import type { LifecycleEvent } from '../../machines/lifecycle-types.js';
import { defineTool, type Decision, type TurnResult } from '../../src/index.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { echoTool } from '../support/test-tools.js';
import { WIRE_MODES, wireModel, type WireMode, type WireSessionOptions } from '../support/wire-modes.js';

/**
 * The wire adapter is the only thing the API option changes: the same script run through Chat
 * Completions and the Responses API (stateless and with server state) must take the machine through
 * the same states on the same events, and end in the same TurnResults and the same history.
 */

interface Scenario {
  name: string;
  script: ScriptedReply[];
  options?: Partial<WireSessionOptions>;
  /** Decided once the turn stops for approval. */
  decisions?: Record<string, Decision>;
}

const call = (id: string, name = 'echo', args: string | Record<string, unknown> = { text: id }) => ({ id, name, arguments: args });

const SCENARIOS: Scenario[] = [
  { name: 'a direct answer', script: [{ content: 'Hello there.' }] },
  { name: 'one call', script: [{ toolCalls: [call('c1')] }, { content: 'It said c1.' }] },
  { name: 'parallel calls', script: [{ toolCalls: [call('p1'), call('p2'), call('p3')] }, { content: 'All three.' }] },
  { name: 'parallel calls, run one by one', script: [{ toolCalls: [call('s1'), call('s2')] }, { content: 'Both.' }], options: { parallelToolCalls: false } },
  { name: 'a chain of rounds', script: [{ toolCalls: [call('r1')] }, { toolCalls: [call('r2')] }, { content: 'Two rounds.' }] },
  {
    name: 'bad calls',
    script: [{ toolCalls: [call('b1', 'nope', {}), call('b2', 'echo', '{"text": '), call('b3', 'echo', { text: 7 }), call('b4')] }, { content: 'Recovered.' }],
  },
  { name: 'a call without a name', script: [{ toolCalls: [call('n1', '', {}), call('n2')] }, { content: 'Recovered.' }] },
  { name: 'an empty answer', script: [{ content: null }] },
  { name: 'a length stop', script: [{ content: 'Cut sh', finishReason: 'length' }] },
  { name: 'a content filter stop', script: [{ content: '', finishReason: 'content_filter' }] },
  { name: 'text with calls', script: [{ content: 'Let me check.', toolCalls: [call('t1')] }, { content: 'Checked.' }] },
  {
    name: 'approval',
    script: [{ toolCalls: [call('a1', 'publish'), call('a2')] }, { content: 'Published.' }],
    decisions: { a1: { approve: true } },
  },
  {
    name: 'a rejected approval',
    script: [{ toolCalls: [call('a1', 'publish')] }, { content: 'Not published.' }],
    decisions: { a1: { approve: false, reason: 'not today' } },
  },
  {
    name: 'the step limit',
    script: [{ toolCalls: [call('l1')] }, { toolCalls: [call('l2')] }, { toolCalls: [call('l3')] }, { content: 'Forced.' }],
    options: { maxSteps: 2 },
  },
  {
    name: 'loop detection',
    script: [{ toolCalls: [call('d1', 'echo', { text: 'same' })] }, { toolCalls: [call('d2', 'echo', { text: 'same' })] }, { toolCalls: [call('d3', 'echo', { text: 'same' })] }, { content: 'I stop.' }],
  },
  { name: 'usage', script: [{ toolCalls: [call('u1')], usage: { prompt_tokens: 10, completion_tokens: 4 } }, { content: 'Counted.', usage: { prompt_tokens: 30, completion_tokens: 2 } }] },
];

const publish = defineTool({
  name: 'publish',
  description: 'Publishes, once a person agrees.',
  parameters: z.object({ text: z.string() }),
  effect: 'write_once',
  needsApproval: true,
  execute: ({ text }) => ({ published: text }),
});

const timeless = (result: TurnResult) => ({ ...result, toolCalls: result.toolCalls.map((summary) => ({ ...summary, durationMs: 0 })) });

/**
 * Fixed token counts on every reply: the offline model otherwise estimates them from the
 * conversation it holds, which with server state is its own output items, not toolcycle's
 * normalized copy of them.
 */
const USAGE = { prompt_tokens: 20, completion_tokens: 5 };
const withUsage = (reply: ScriptedReply): ScriptedReply => ('error' in reply || 'raw' in reply ? reply : { usage: USAGE, ...reply });

/** One scenario in one mode: every state the session's actor entered and the event that took it there; the results; the history. */
async function run(mode: WireMode, scenario: Scenario, stream: boolean) {
  const trace: string[] = [];
  const { newSession } = await wireModel(mode, scenario.script.map(withUsage));
  const session = newSession({
    model: 'm',
    tools: [echoTool(), publish],
    stream,
    ...scenario.options,
    inspect: (inspection) => {
      if (inspection.type !== '@xstate.snapshot' || inspection.actorRef.sessionId !== inspection.rootId) return;
      const event = inspection.event as LifecycleEvent;
      // Sent only because an inspector is attached, to show each HTTP attempt; the machine ignores it.
      if (event.type === 'model.attempted') return;
      const label = event.type === 'model.streamed' ? `model.streamed(${event.event.type})` : event.type;
      trace.push(`${JSON.stringify((inspection.snapshot as AnyMachineSnapshot).value)} <- ${label}`);
    },
  });
  const results = [await session.ask('go')];
  if (scenario.decisions) results.push(await session.decide(scenario.decisions));
  session.stop();
  return { trace, results: results.map(timeless), messages: session.messages };
}

describe.each([false, true])('the same script through every API (stream: %s)', (stream) => {
  it.each(SCENARIOS)('$name: the same machine trace, TurnResults and history', async (scenario) => {
    const [chat, ...others] = await Promise.all(WIRE_MODES.map((mode) => run(mode, scenario, stream)));
    // The trace ends in a rest state after at least a request and its reply.
    expect(chat!.trace).toEqual(expect.arrayContaining([expect.stringMatching(/<- model\.replied$/)]));
    expect(chat!.trace.at(-1)).toMatch(/^"(idle|awaitingApproval)" <- /);
    others.forEach((other, index) => {
      const mode = WIRE_MODES[index + 1]!.name;
      expect(other.trace, `${mode}: machine trace`).toEqual(chat!.trace);
      expect(other.results, `${mode}: TurnResults`).toEqual(chat!.results);
      expect(other.messages, `${mode}: history`).toEqual(chat!.messages);
    });
  });
});
