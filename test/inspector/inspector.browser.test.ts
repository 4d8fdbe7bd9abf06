// The callbacks passed to page.evaluate() run in the browser; the DOM types describe them.
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { describeMachine } from '../../src/inspector/diagram/machine-graph.js';
import { toJsonSafe } from '../../src/inspector/json-safe.js';
import type { SessionHistory, TransitionEntry } from '../../src/inspector/timeline-types.js';
import { createSession } from '../../src/index.js';
import { launchChromium } from '../support/browser.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { PARALLEL_TURN, testInspector } from './support.js';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const VIEWPORT = { width: 1400, height: 900 };

interface Painted {
  state: string;
  /** The diagram node lit at that moment. */
  node: string | undefined;
  /** The stage strip's pill lit at that moment. */
  pill: string | undefined;
  /** The transitions drawn as just taken. */
  edges: string[];
}

declare global {
  interface Window {
    __stateHistory: string[];
    __painted: Painted[];
    __pwned?: unknown;
  }
}

/** Waits until the page shows `state`, has finished replaying and its stream is live. */
async function settledOn(page: Page, state: string) {
  await page.waitForFunction(
    (expected) =>
      document.body.dataset.state === expected &&
      document.body.dataset.replaying === undefined &&
      document.getElementById('connection')?.dataset.status === 'live',
    state,
    { timeout: 10_000 },
  );
}

/** Every id the page links in a part of the page, in document order. */
function callIds(page: Page, selector: string) {
  return page.$$eval(selector, (nodes) => nodes.map((node) => (node as HTMLElement).dataset.callId));
}

function texts(page: Page, selector: string) {
  return page.$$eval(selector, (nodes) => nodes.map((node) => (node as HTMLElement).innerText));
}

async function screenshot(page: Page, name: string) {
  await mkdir(ARTIFACTS, { recursive: true });
  // Transitions finished: the picture shows the state the test checked, not a fade towards it.
  await page.screenshot({ path: new URL(`inspector-${name}.png`, ARTIFACTS).pathname, animations: 'disabled' });
}

/** Whether a panel shows its end, as a reader scrolled to the bottom sees it. */
function atBottom(page: Page, selector: string) {
  return page.$eval(selector, (panel) => panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 2);
}

/** Holds every history response back until the returned function is called. */
async function holdHistory(page: Page) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/sessions/*/history', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe('launchChromium', () => {
  const withChromium = async (path: string, run: () => Promise<void>) => {
    const before = process.env.TOOLCYCLE_CHROMIUM;
    process.env.TOOLCYCLE_CHROMIUM = path;
    try {
      await run();
    } finally {
      if (before === undefined) delete process.env.TOOLCYCLE_CHROMIUM;
      else process.env.TOOLCYCLE_CHROMIUM = before;
    }
  };

  it('fails with the reason when the browser it was pointed at is missing or does not start', { timeout: 20_000 }, async () => {
    await withChromium('/nonexistent/chromium', () =>
      expect(launchChromium()).rejects.toThrow('Chromium from TOOLCYCLE_CHROMIUM is not at /nonexistent/chromium.'),
    );
    // An executable that exits at once, as a broken Chromium would.
    await withChromium('/bin/false', () =>
      expect(launchChromium()).rejects.toThrow(/^Chromium from TOOLCYCLE_CHROMIUM \(\/bin\/false\) did not start\. Point TOOLCYCLE_CHROMIUM/),
    );
  });
});

describe('the inspector page in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let inspectorUrl = '';

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    // Nothing may leave the machine: the page has to work offline.
    page.on('request', (request) => !request.url().startsWith(inspectorUrl) && problems.push(`external request: ${request.url()}`));
  }, 60_000);

  afterEach(async () => {
    // Off the page before its inspector closes, so its stream's reconnection errors are not the next test's problems.
    await page.goto('about:blank');
    await page.unrouteAll();
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The page on a fresh inspector; a short dwell keeps the tests quick, each state is still painted in order. */
  async function openInspector(dwellMs: number) {
    const inspector = await testInspector();
    inspectorUrl = inspector.url;
    await page.goto(`${inspector.url}?dwell=${dwellMs}`);
    return inspector;
  }

  it(
    'follows a parallel turn live, links each tool_call_id, shows tool output as text, sums up each turn and replays on reload',
    { timeout: 30_000 },
    async () => {
      const inspector = await openInspector(120);
      const { client } = await scriptedModel([
        ...PARALLEL_TURN,
        { content: 'First line of the answer.\nSecond line.', usage: { prompt_tokens: 80, completion_tokens: 9 } },
      ]);
      const echo = echoTool('echo', ({ text }) => ({ city: text, note: HOSTILE }), { effect: 'read_only' });
      const session = createSession({ client, model: 'scripted', tools: [echo], inspect: inspector.inspect });
      await settledOn(page, 'idle');
      expect(await page.inputValue('#session-picker')).toBe('s1');
      await page.evaluate(() => {
        window.__painted = [];
        new MutationObserver(() =>
          window.__painted.push({
            state: document.body.dataset.state ?? '',
            node: [...document.querySelectorAll('#diagram g.node.current')].map((node) => node.id).pop(),
            pill: document.querySelector<HTMLElement>('#stages li.current')?.textContent ?? undefined,
            edges: [...document.querySelectorAll('#diagram g.edge.taken')].map((edge) => edge.id),
          }),
        ).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
      });

      await session.ask('Echo Paris and Tokyo');
      await page.waitForFunction(() => window.__stateHistory.length >= 9 && document.body.dataset.state === 'idle', undefined, {
        timeout: 10_000,
      });

      // connect → decide → call → execute → respond, each lit in the diagram and the stage strip,
      // with the transition that led there. The first settled call repaints `executing.parallel`:
      // the machine took its targetless `tool.settled` transition and stayed.
      expect(await page.evaluate(() => window.__stateHistory)).toEqual([
        'idle',
        'connecting',
        'deciding',
        'calling.checking',
        'calling.planning',
        'executing.parallel',
        'calling.planning',
        'responding',
        'idle',
      ]);
      expect(await page.evaluate(() => window.__painted)).toEqual([
        { state: 'connecting', node: 'state-connecting', pill: 'connect', edges: ['edge-idle-user.message-0'] },
        { state: 'deciding', node: 'state-deciding', pill: 'decide', edges: ['edge-connecting-always-0'] },
        { state: 'calling.checking', node: 'state-calling.checking', pill: 'call', edges: ['edge-deciding-model.replied-0'] },
        { state: 'calling.planning', node: 'state-calling.planning', pill: 'call', edges: ['edge-calling.checking-tools.checked-0'] },
        { state: 'executing.parallel', node: 'state-executing.parallel', pill: 'execute', edges: ['edge-calling.planning-always-3'] },
        {
          state: 'executing.parallel',
          node: 'state-executing.parallel',
          pill: 'execute',
          edges: ['edge-executing-tool.settled-0'],
        },
        { state: 'calling.planning', node: 'state-calling.planning', pill: 'call', edges: ['edge-executing-tool.settled-1'] },
        { state: 'responding', node: 'state-responding', pill: 'respond', edges: ['edge-calling.planning-always-0'] },
        { state: 'idle', node: 'state-idle', pill: 'idle', edges: ['edge-responding-model.replied-3'] },
      ]);
      expect(await page.$eval('#state-executing', (cluster) => cluster.classList.contains('current'))).toBe(false);
      // The heading names the transition taken, with the label the machine gives it.
      expect(await page.textContent('#last-transition')).toBe('via model.replied');

      // Both calls, with the same ids in the timeline and in the conversation.
      const timelineCalls = await callIds(page, '#timeline .call[data-call-id]');
      expect(new Set(timelineCalls)).toEqual(new Set(['call_a', 'call_b']));
      expect(await callIds(page, '#messages .tool-call')).toEqual(['call_a', 'call_b']);
      expect(await callIds(page, '#messages .answers')).toEqual(['call_a', 'call_b']);
      await page.click('#messages .answers a[data-call-id="call_b"]');
      expect(await callIds(page, '#messages .tool-call.linked')).toEqual(['call_b']);
      expect(await page.textContent('#timeline')).toMatch(/echo → \{"city":"Tokyo"/);

      // A settled tool call has two durations, each named: the tool's own, and its actor's.
      const settled = page.locator('#timeline > li[data-event="tool.settled"]');
      expect(await settled.count()).toBe(2);
      for (const entry of await settled.all()) {
        expect(await entry.locator('.actor-duration').innerText()).toMatch(/^actor \d+(\.\d)? ms$/);
        expect(await entry.locator('.tool-duration').innerText()).toMatch(/^tool \d+(\.\d)? ms$/);
        expect(await entry.locator('.actor-duration').getAttribute('title')).toContain('executeToolCalls');
        expect(await entry.locator('.tool-duration').getAttribute('title')).toContain("tool's own");
      }

      // The tool's output is shown as text, never run as markup.
      expect(await page.textContent('#messages')).toContain(HOSTILE.replace(/"/g, '\\"'));
      expect(await page.$$eval('img', (images) => images.length)).toBe(0);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

      // A second turn: no tools, an answer on two lines that keeps its line break.
      await session.ask('And now two lines, please');
      await page.waitForFunction(() => document.querySelectorAll('#timeline .turn.ended').length === 2, undefined, {
        timeout: 10_000,
      });
      expect(await texts(page, '#timeline .answer-text')).toEqual(['Both echoed.', 'First line of the answer.\nSecond line.']);
      // One separator per turn, each with its summary: wall time, tool steps, the turn's tokens, stop reason.
      expect(await page.$$eval('#timeline > .turn .turn-name', (nodes) => nodes.map((node) => node.textContent))).toEqual([
        'turn 1',
        'turn 2',
      ]);
      const summaries = await texts(page, '#timeline > .turn .turn-summary');
      expect(summaries[0]).toMatch(/^\d+(\.\d)? ms · 1 step · 117 tokens · stop$/);
      expect(summaries[1]).toMatch(/^\d+(\.\d)? ms · 0 steps · 89 tokens · stop$/);
      await settledOn(page, 'idle');
      await screenshot(page, 'live');

      // A reload replays the history: the page says so until the diagram shows where the session is.
      const entries = await page.$$eval('#timeline > li.entry', (items) => items.length);
      const release = await holdHistory(page);
      await page.reload();
      await page.waitForSelector('#replay-status:not([hidden])', { timeout: 10_000 });
      expect(await page.textContent('#replay-status')).toBe('replaying history…');
      expect(await page.evaluate(() => document.body.dataset.replaying)).toBe('true');
      expect(await page.textContent('#timeline-empty')).toBe('Replaying the history of this session…');
      await screenshot(page, 'replaying');
      release();
      await settledOn(page, 'idle');
      expect(await page.isHidden('#replay-status')).toBe(true);
      expect(await page.$$eval('#timeline > li.entry', (items) => items.length)).toBe(entries);
      expect(await texts(page, '#timeline > .turn .turn-summary')).toEqual(summaries);
      expect(await callIds(page, '#messages .tool-call')).toEqual(['call_a', 'call_b']);
      // Replayed at once, not animated.
      expect(await page.evaluate(() => window.__stateHistory)).toEqual(['idle']);
      expect(await page.$eval('#state-idle', (node) => node.classList.contains('current'))).toBe(true);
      session.actor.stop();
    },
  );

  it('lists several sessions and shows the one picked', { timeout: 20_000 }, async () => {
    const inspector = await openInspector(0);
    const first = await scriptedModel([{ content: 'Answer from the first session.' }]);
    const second = await scriptedModel([{ content: 'Answer from the second session.' }]);

    const a = createSession({ client: first.client, model: 'model-a', inspect: inspector.inspect });
    await a.ask('first question');
    const b = createSession({ client: second.client, model: 'model-b', inspect: inspector.inspect });
    await b.ask('second question');

    // The page follows the newest session until someone picks one.
    await page.waitForFunction(() => document.querySelector('#messages')?.textContent?.includes('Answer from the second session.'));
    const options = await page.$$eval('#session-picker option', (nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
    expect(options).toEqual(['s1', 's2']);
    await page.selectOption('#session-picker', 's1');
    await page.waitForFunction(() => document.querySelector('#messages')?.textContent?.includes('Answer from the first session.'));
    expect(await page.textContent('#messages')).not.toContain('second session');
    expect(await page.textContent('#timeline')).toContain('model model-a');
    a.actor.stop();
    b.actor.stop();
  });

  it('follows new messages while the reader is at the bottom, and stays put once they scroll up', { timeout: 20_000 }, async () => {
    const inspector = await openInspector(0);
    const long = (turn: number) => Array.from({ length: 12 }, (_, line) => `Turn ${turn}, line ${line + 1}.`).join('\n');
    const { client } = await scriptedModel([1, 2, 3, 4].map((turn) => ({ content: long(turn) })));
    const session = createSession({ client, model: 'scripted', inspect: inspector.inspect });
    const messageCount = (count: number) =>
      page.waitForFunction((expected) => document.querySelectorAll('#messages > li').length === expected, count);

    await session.ask('one');
    await session.ask('two');
    await messageCount(4);
    expect(await page.$eval('#messages-panel', (panel) => panel.scrollHeight > panel.clientHeight)).toBe(true);
    expect(await atBottom(page, '#messages-panel')).toBe(true);
    expect(await atBottom(page, '#timeline-panel')).toBe(true);

    // Scrolled up to read: new messages arrive below without moving the text being read.
    await page.$eval('#messages-panel', (panel) => panel.scrollTo({ top: 0 }));
    await page.$eval('#timeline-panel', (panel) => panel.scrollTo({ top: 0 }));
    await session.ask('three');
    await messageCount(6);
    expect(await page.$eval('#messages-panel', (panel) => panel.scrollTop)).toBe(0);
    expect(await page.$eval('#timeline-panel', (panel) => panel.scrollTop)).toBe(0);

    // Back at the bottom, it follows again.
    await page.$eval('#messages-panel', (panel) => panel.scrollTo({ top: panel.scrollHeight }));
    await session.ask('four');
    await messageCount(8);
    expect(await atBottom(page, '#messages-panel')).toBe(true);
    expect(await page.textContent('#messages > li:last-child')).toContain('Turn 4, line 12.');
    session.actor.stop();
  });

  it('shows every API attempt with its HTTP status and each request body one click away', { timeout: 20_000 }, async () => {
    const inspector = await openInspector(0);
    // The first request fails and the SDK retries it; a round asked for past the step limit is
    // refused, and the last request forces the answer with tool_choice "none".
    const { client, bodies } = await scriptedModel(
      [
        { error: { status: 500, message: 'The model is overloaded.' } },
        { toolCalls: [{ id: 'call_a', name: 'echo', arguments: { text: 'Oslo' } }] },
        { toolCalls: [{ id: 'call_b', name: 'echo', arguments: { text: 'Bergen' } }] },
        { content: 'Echoed Oslo.' },
      ],
      { maxRetries: 1 },
    );
    const session = createSession({ client, model: 'scripted', tools: [echoTool()], maxSteps: 1, inspect: inspector.inspect });
    await session.ask('Echo Oslo');
    const answered = toJsonSafe(bodies()[3]);

    // Malformed data is left out without breaking the page (its errors would fail the test).
    await page.route('**/api/sessions/*/history', async (route) => {
      const response = await route.fetch();
      const history = (await response.json()) as SessionHistory;
      const withRequests = history.entries.filter((entry): entry is TransitionEntry => entry.kind === 'transition' && entry.requests !== undefined);
      withRequests[1]!.requests!.push(null as never, { stage: 'respond', attempt: '2' } as never);
      history.entries.push({ kind: 'transition', seq: history.session.lastSeq + 1, microsteps: 'none' } as never);
      await route.fulfill({ response, json: history });
    });
    await page.reload();
    await settledOn(page, 'idle');

    expect(await texts(page, '#timeline .requests')).toEqual([
      'decide request attempt 1: HTTP 500 attempt 2: HTTP 200',
      'respond request attempt 1: HTTP 200',
      'respond request attempt 1: HTTP 200',
    ]);
    expect(await page.$$eval('#timeline .requests .attempt.bad', (nodes) => nodes.length)).toBe(1);
    const summaries = await texts(page, '#timeline .request-body > summary');
    expect(summaries).toEqual([
      'request body, attempt 1 · tools: echo · parallel_tool_calls: true',
      'request body, attempt 2 · tools: echo · parallel_tool_calls: true',
      'request body, attempt 1 · tools: echo · parallel_tool_calls: true',
      'request body, attempt 1 · tools: echo · parallel_tool_calls: true · tool_choice: none',
    ]);
    // One click shows the raw body, exactly as sent.
    const last = page.locator('#timeline .request-body').last();
    expect(await last.locator('pre').isVisible()).toBe(false);
    await last.locator('summary').click();
    expect(JSON.parse(await last.locator('pre').innerText())).toEqual(answered);
    await page.locator('#timeline .requests').first().evaluate((row) => row.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'requests');
    session.actor.stop();
  });

  it('names stages and states only as the machine description does', { timeout: 20_000 }, async () => {
    const inspector = await openInspector(0);
    const { client } = await scriptedModel([{ content: 'Hello.' }]);
    const session = createSession({ client, model: 'scripted', inspect: inspector.inspect });
    await session.ask('hi');

    // The same machine with its stages renamed: the page must follow the description it is served.
    const graph = describeMachine(lifecycleMachine);
    const rename = (states: typeof graph.states): typeof graph.states =>
      states.map((state) => ({ ...state, stage: state.stage && `${state.stage}-renamed`, children: rename(state.children) }));
    await page.route('**/machine.json', (route) => route.fulfill({ json: { ...graph, states: rename(graph.states) } }));
    await page.reload();
    await settledOn(page, 'idle');
    expect(await texts(page, '#stages li')).toEqual([
      'idle',
      'connect-renamed',
      'decide-renamed',
      'call-renamed',
      'execute-renamed',
      'respond-renamed',
      'failed',
      'cancelled',
    ]);
    expect(await page.$$eval('#stages li.off-path', (nodes) => nodes.map((node) => node.textContent))).toEqual(['failed', 'cancelled']);
    expect(await page.$$eval('#timeline > li.entry[data-stage]', (nodes) => nodes.map((node) => (node as HTMLElement).dataset.stage))).toEqual([
      'connect-renamed',
      'decide-renamed',
    ]);
    session.actor.stop();
  });

  it('fits the diagram to its panel with labels readable at 1400×900, keeping the current state in view', { timeout: 20_000 }, async () => {
    const inspector = await openInspector(0);
    const { client } = await scriptedModel([{ error: { status: 500, message: 'The model is overloaded.' } }]);
    const session = createSession({ client, model: 'scripted', inspect: inspector.inspect });
    await expect(session.ask('hello?')).rejects.toThrow();
    await settledOn(page, 'failed');
    expect(await page.textContent('#stages li.current.off-path')).toBe('failed');
    expect(await texts(page, '#timeline > .turn .turn-summary')).toEqual([expect.stringMatching(/ · 0 steps · 0 tokens · failed: ApiRequestError$/)]);
    // `failed` is drawn near the bottom, below the panel's first screenful: the panel scrolls to it.
    expect(await page.$eval('#diagram', (diagram) => diagram.scrollHeight > diagram.clientHeight)).toBe(true);
    await page.waitForFunction(() => {
      const frame = document.getElementById('diagram')!.getBoundingClientRect();
      const node = document.getElementById('state-failed')!.getBoundingClientRect();
      return node.top >= frame.top && node.bottom <= frame.bottom;
    });

    // Font sizes as drawn on screen: the SVG's own size times the scale the page displays it at.
    const drawn = await page.$$eval('#diagram text', (nodes) =>
      nodes.map((node) => {
        const text = node as SVGTextElement;
        const size = Number(text.getAttribute('font-size')) * (text.getScreenCTM()?.a ?? 0);
        return { edge: text.closest('g.edge') !== null, state: text.closest('g.node') !== null, size };
      }),
    );
    const smallest = (list: typeof drawn) => Math.min(...list.map((text) => text.size));
    expect(smallest(drawn.filter((text) => text.edge))).toBeGreaterThanOrEqual(8);
    expect(smallest(drawn.filter((text) => text.state))).toBeGreaterThanOrEqual(9);
    // Fitted: it never needs scrolling sideways.
    expect(await page.$eval('#diagram', (diagram) => diagram.scrollWidth <= diagram.clientWidth)).toBe(true);
    await screenshot(page, 'fitted');

    // The whole picture at once is one click away.
    await page.click('#zoom');
    expect(await page.$eval('#diagram', (diagram) => diagram.scrollHeight <= diagram.clientHeight)).toBe(true);
    expect(await page.textContent('#zoom')).toBe('fit width');
    await screenshot(page, 'whole-picture');
    session.actor.stop();
  });
});
