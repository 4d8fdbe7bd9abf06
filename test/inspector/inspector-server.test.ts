import { request } from 'node:http';
import { createActor, createMachine } from 'xstate';
import { describe, expect, it, vi } from 'vitest';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { createSession } from '../../src/index.js';
import { allStates, describeMachine, type MachineGraph } from '../../src/inspector/diagram/machine-graph.js';
import type { SessionHistory, SessionInfo, TimelineEntry, TransitionEntry } from '../../src/inspector/index.js';
import { PAGE_SCRIPT } from '../../src/inspector/page/page-script.generated.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { PARALLEL_TURN, readSse, testInspector } from './support.js';

const transitions = (entries: TimelineEntry[]) =>
  entries.filter((entry): entry is TransitionEntry => entry.kind === 'transition');
const visited = (entries: TimelineEntry[]) => transitions(entries).flatMap((entry) => entry.microsteps.map((step) => step.state));
const getJson = async <T>(url: string) => (await (await fetch(url)).json()) as T;

describe('the inspector server', () => {
  it('records a parallel turn: every stage, both calls with their ids, payloads, durations and usage', async () => {
    // The recorder swallows its own failures as warnings; there must be none.
    const warn = vi.spyOn(process, 'emitWarning');
    const inspector = await testInspector();
    const { client } = await scriptedModel(PARALLEL_TURN);
    const session = createSession({ client, model: 'm', tools: [echoTool()], inspect: inspector.inspect });
    await session.ask('echo both');

    const history = await getJson<SessionHistory>(`${inspector.url}api/sessions/s1/history`);
    // `connecting` and `calling` are eventless steps: only microsteps show them.
    expect(visited(history.entries)).toEqual([
      'idle',
      'connecting',
      'deciding',
      'calling.checking',
      'calling.planning',
      'executing.parallel',
      // The echo tools declare no effect, so each call's start is recorded (it must not run twice on resume).
      'executing.parallel',
      'executing.parallel',
      'executing.parallel',
      'calling.planning',
      'responding',
      'idle',
    ]);
    const steps = transitions(history.entries);
    expect(steps.map((entry) => entry.eventType)).toEqual([
      'xstate.init',
      'user.message',
      'model.replied',
      'tools.checked',
      'tool.started',
      'tool.started',
      'tool.settled',
      'tool.settled',
      'model.replied',
    ]);
    // The edges the diagram lights up for the step that fanned out.
    expect(steps[3]!.microsteps.map((step) => step.edges)).toEqual([
      ['edge-calling.checking-tools.checked-0'],
      ['edge-calling.planning-always-3'],
    ]);
    expect(steps[3]!.from).toBe('calling.checking');
    expect(steps[2]!.records).toEqual([
      expect.objectContaining({
        kind: 'request',
        stage: 'decide',
        toolCalls: [
          { id: 'call_a', name: 'echo', arguments: '{"text":"Paris"}' },
          { id: 'call_b', name: 'echo', arguments: '{"text":"Tokyo"}' },
        ],
      }),
    ]);
    expect(steps[2]!).toMatchObject({
      source: 'request',
      durationMs: expect.any(Number),
      usage: { promptTokens: 40, completionTokens: 12, totalTokens: 52 },
    });
    const settled = steps.filter((entry) => entry.eventType === 'tool.settled');
    expect(settled.map((entry) => entry.source)).toEqual(['executeToolCalls', 'executeToolCalls']);
    expect(settled.flatMap((entry) => entry.records)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'execute',
          stage: 'execute',
          toolCallId: 'call_a',
          name: 'echo',
          result: { echoed: 'Paris' },
          durationMs: expect.any(Number),
        }),
        expect.objectContaining({ kind: 'execute', toolCallId: 'call_b', name: 'echo', result: { echoed: 'Tokyo' } }),
      ]),
    );
    expect(steps.at(-1)!.records).toEqual([
      expect.objectContaining({
        kind: 'answer',
        stage: 'respond',
        content: 'Both echoed.',
        usage: { promptTokens: 100, completionTokens: 17, totalTokens: 117 },
      }),
    ]);
    // Actors are announced after the step that started them: one per request, one per check, one per round.
    expect(history.entries.filter((entry) => entry.kind === 'actor').map((entry) => entry.actorId)).toEqual([
      'request',
      'checkToolCalls',
      'executeToolCalls',
      'request',
    ]);
    expect(history.messages).toEqual([
      { role: 'user', content: 'echo both' },
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [expect.objectContaining({ id: 'call_a' }), expect.objectContaining({ id: 'call_b' })],
      }),
      { role: 'tool', tool_call_id: 'call_a', content: '{"echoed":"Paris"}' },
      { role: 'tool', tool_call_id: 'call_b', content: '{"echoed":"Tokyo"}' },
      expect.objectContaining({ role: 'assistant', content: 'Both echoed.' }),
    ]);
    expect(history.session).toMatchObject({ id: 's1', state: 'idle', status: 'active', model: 'm' });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('keeps several sessions apart', async () => {
    const inspector = await testInspector();
    const first = await scriptedModel([{ content: 'one' }]);
    const second = await scriptedModel([{ content: 'two' }]);
    const a = createSession({ client: first.client, model: 'model-a', inspect: inspector.inspect });
    const b = createSession({ client: second.client, model: 'model-b', inspect: inspector.inspect });
    await Promise.all([a.ask('first'), b.ask('second')]);
    b.actor.stop();

    const sessions = await getJson<SessionInfo[]>(`${inspector.url}api/sessions`);
    expect(sessions.map((session) => [session.id, session.model, session.status])).toEqual([
      ['s1', 'model-a', 'active'],
      ['s2', 'model-b', 'stopped'],
    ]);
    expect(inspector.history('s1')!.messages.at(-1)).toMatchObject({ content: 'one' });
    expect(inspector.history('s2')!.messages.at(-1)).toMatchObject({ content: 'two' });
    expect((await fetch(`${inspector.url}api/sessions/s9/history`)).status).toBe(404);
  });

  it('streams entries live over server-sent events, resuming after the last one seen', async () => {
    const inspector = await testInspector();
    const { client } = await scriptedModel(PARALLEL_TURN);
    const session = createSession({ client, model: 'm', tools: [echoTool()], inspect: inspector.inspect });
    const before = inspector.history('s1')!.session.lastSeq;

    const idle = (messages: { event: string; data: unknown }[]) =>
      messages.some(
        (message) =>
          message.event === 'entry' &&
          (message.data as TimelineEntry).kind === 'transition' &&
          (message.data as TransitionEntry).state === 'idle',
      );
    const live = readSse(`${inspector.url}api/stream?session=s1&after=${before}`, idle);
    await vi.waitFor(() => expect(inspector.history('s1')).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the stream attach before the turn
    await session.ask('echo both');
    const messages = await live;

    expect(messages[0]).toMatchObject({ event: 'sessions', data: [expect.objectContaining({ id: 's1' })] });
    const entries = messages.filter((message) => message.event === 'entry');
    expect(entries.map((message) => Number(message.id))).toEqual(entries.map((_, index) => before + index + 1));
    expect(visited(entries.map((message) => message.data as TimelineEntry))).toEqual([
      'connecting',
      'deciding',
      'calling.checking',
      'calling.planning',
      'executing.parallel',
      'executing.parallel',
      'executing.parallel',
      'executing.parallel',
      'calling.planning',
      'responding',
      'idle',
    ]);

    // A reconnecting EventSource sends Last-Event-ID: it gets only what it missed.
    const lastSeq = inspector.history('s1')!.session.lastSeq;
    const resumed = await readSse(
      `${inspector.url}api/stream?session=s1`,
      (seen) => seen.some((m) => m.event === 'entry' && Number(m.id) === lastSeq),
      {
        headers: { 'Last-Event-ID': String(lastSeq - 2) },
      },
    );
    expect(resumed.filter((m) => m.event === 'entry').map((m) => Number(m.id))).toEqual([lastSeq - 1, lastSeq]);
  });

  it('bounds the history per session but always keeps the whole conversation', async () => {
    const inspector = await testInspector({ maxEntriesPerSession: 4 });
    const { client } = await scriptedModel(PARALLEL_TURN);
    const session = createSession({ client, model: 'm', tools: [echoTool()], inspect: inspector.inspect });
    await session.ask('echo both');

    const history = inspector.history('s1')!;
    expect(history.entries).toHaveLength(4);
    expect(history.dropped).toBe(history.session.lastSeq - 4);
    expect(history.messages).toHaveLength(5);
    // A page that has seen nothing cannot be caught up from the stream alone: it is told to reload.
    const messages = await readSse(`${inspector.url}api/stream?session=s1&after=0`, (seen) =>
      seen.some((m) => m.event === 'reset'),
    );
    expect(messages.map((m) => m.event)).toEqual(['sessions', 'reset']);
  });

  it('records any machine, not only the lifecycle, without warnings', async () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const inspector = await testInspector();
    const toggle = createMachine({
      id: 'toggle',
      initial: 'off',
      states: { off: { on: { flip: 'on' } }, on: { on: { flip: 'off' } } },
    });
    const actor = createActor(toggle, { inspect: inspector.inspect }).start();
    actor.send({ type: 'flip' });
    expect(visited(inspector.history('s1')!.entries)).toEqual(['off', 'on']);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('answers only requests addressed to itself (no DNS rebinding) and serves an offline page', async () => {
    const inspector = await testInspector();
    const status = await new Promise<number | undefined>((resolve, reject) =>
      request(`${inspector.url}api/sessions`, { headers: { host: 'evil.example:80' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(421);

    const page = await fetch(inspector.url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    // Nothing from another origin: the page must work without a network.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await (await fetch(`${inspector.url}app.js`)).text();
    expect(script).toBe(PAGE_SCRIPT);
    // Untrusted text never becomes markup or code; the policy would block eval, the page must not need it.
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new Function|setTimeout\(\s*['"`]/);
    expect(script).not.toMatch(/https?:\/\//);
    expect(await (await fetch(`${inspector.url}diagram.svg`)).text()).toContain('id="state&#45;executing.parallel"');
  });

  it('serves the machine description, each state with its stage, for the page to name things by', async () => {
    const inspector = await testInspector();
    const response = await fetch(`${inspector.url}machine.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const graph = (await response.json()) as MachineGraph;
    expect(graph).toEqual(JSON.parse(JSON.stringify(describeMachine(lifecycleMachine))));
    // Rest states have no stage (JSON drops the `undefined`); substates inherit their parent's.
    expect(Object.fromEntries(allStates(graph).map((state) => [state.path, state.stage ?? '(none)']))).toEqual({
      idle: '(none)',
      connecting: 'connect',
      deciding: 'decide',
      calling: 'call',
      'calling.checking': '(none)',
      'calling.planning': '(none)',
      executing: 'execute',
      'executing.single': '(none)',
      'executing.parallel': '(none)',
      'executing.sequential': '(none)',
      awaitingApproval: 'execute',
      responding: 'respond',
      failed: '(none)',
      cancelled: '(none)',
    });
  });

  it('close() ends open streams and lets go of the port at once', async () => {
    const inspector = await testInspector();
    const open = fetch(`${inspector.url}api/stream`).then(async (response) => {
      await response.text(); // resolves only when the server ends the stream
      return 'ended';
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await inspector.close();
    expect(await open).toBe('ended');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(inspector.url)).rejects.toThrow();
  });
});
