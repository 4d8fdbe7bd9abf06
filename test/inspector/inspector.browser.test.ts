// The callbacks passed to page.evaluate() run in the browser; the DOM types describe them.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { echoTool } from '../support/test-tools.js';
import { PARALLEL_TURN, testInspector } from './support.js';

const CHROMIUM = process.env.TOOLCYCLE_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = new URL('../artifacts/inspector.png', import.meta.url);
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

interface Painted {
  state: string;
  /** The diagram node lit at that moment. */
  node: string | undefined;
  /** The stage pill lit at that moment. */
  stage: string | undefined;
  /** The transition drawn as just taken. */
  edges: string[];
}

declare global {
  interface Window {
    __stateHistory: string[];
    __painted: Painted[];
    __pwned?: unknown;
  }
}

/** Waits until the page shows `state` and its stream is live. */
async function settledOn(page: Page, state: string) {
  await page.waitForFunction(
    (expected) => document.body.dataset.state === expected && document.getElementById('connection')?.dataset.status === 'live',
    state,
    {
      timeout: 10_000,
    },
  );
}

/** Every id the page links in a part of the page, in document order. */
function callIds(page: Page, selector: string) {
  return page.$$eval(selector, (nodes) => nodes.map((node) => (node as HTMLElement).dataset.callId));
}

describe.skipIf(process.env.TOOLCYCLE_SKIP_BROWSER === '1')('the inspector page in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}. Install it (apt-get install -y chromium), point TOOLCYCLE_CHROMIUM at it, or set TOOLCYCLE_SKIP_BROWSER=1 to skip the browser tests.`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
  });

  it(
    'follows a parallel turn live, links each tool_call_id, shows tool output as text and replays on reload',
    { timeout: 30_000 },
    async () => {
      const inspector = await testInspector();
      const { client } = await scriptedModel(PARALLEL_TURN);
      const echo = echoTool('echo', ({ text }) => ({ city: text, note: HOSTILE }));
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      // Nothing may leave the machine: the page has to work offline.
      page.on(
        'request',
        (request) => !request.url().startsWith(inspector.url) && problems.push(`external request: ${request.url()}`),
      );

      // A short dwell keeps the test quick; each state is still painted, in order.
      await page.goto(`${inspector.url}?dwell=120`);
      const session = createSession({ client, model: 'scripted', tools: [echo], inspect: inspector.inspect });
      await settledOn(page, 'idle');
      expect(await page.inputValue('#session-picker')).toBe('s1');
      await page.evaluate(() => {
        window.__painted = [];
        new MutationObserver(() =>
          window.__painted.push({
            state: document.body.dataset.state ?? '',
            node: [...document.querySelectorAll('#diagram g.node.current')].map((node) => node.id).pop(),
            stage: document.querySelector<HTMLElement>('#stages li.current')?.dataset.stage,
            edges: [...document.querySelectorAll('#diagram g.edge.taken')].map((edge) => edge.id),
          }),
        ).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
      });

      await session.ask('Echo Paris and Tokyo');
      await page.waitForFunction(() => window.__stateHistory.length >= 7 && document.body.dataset.state === 'idle', undefined, {
        timeout: 10_000,
      });

      // connect → decide → call → execute → respond, each lit in the diagram and the stage strip,
      // with the transition that led there. The first settled call repaints `executing.parallel`:
      // the machine took its targetless `tool.settled` transition and stayed.
      expect(await page.evaluate(() => window.__stateHistory)).toEqual([
        'idle',
        'connecting',
        'deciding',
        'calling',
        'executing.parallel',
        'responding',
        'idle',
      ]);
      expect(await page.evaluate(() => window.__painted)).toEqual([
        { state: 'connecting', node: 'state-connecting', stage: 'connect', edges: ['edge-idle-user.message-0'] },
        { state: 'deciding', node: 'state-deciding', stage: 'decide', edges: ['edge-connecting-always-0'] },
        {
          state: 'calling',
          node: 'state-calling',
          stage: 'call',
          edges: ['edge-deciding-xstate.done.actor.requestCompletion-0'],
        },
        { state: 'executing.parallel', node: 'state-executing.parallel', stage: 'execute', edges: ['edge-calling-always-2'] },
        {
          state: 'executing.parallel',
          node: 'state-executing.parallel',
          stage: 'execute',
          edges: ['edge-executing.parallel-tool.settled-0'],
        },
        { state: 'responding', node: 'state-responding', stage: 'respond', edges: ['edge-executing.parallel-tool.settled-1'] },
        { state: 'idle', node: 'state-idle', stage: 'idle', edges: ['edge-responding-xstate.done.actor.requestCompletion-2'] },
      ]);
      expect(await page.$eval('#state-executing', (cluster) => cluster.classList.contains('current'))).toBe(false);

      // Both calls, with the same ids in the timeline and in the conversation.
      const timelineCalls = await callIds(page, '#timeline .call[data-call-id]');
      expect(new Set(timelineCalls)).toEqual(new Set(['call_a', 'call_b']));
      expect(await callIds(page, '#messages .tool-call')).toEqual(['call_a', 'call_b']);
      expect(await callIds(page, '#messages .answers')).toEqual(['call_a', 'call_b']);
      await page.click('#messages .answers a[data-call-id="call_b"]');
      expect(await callIds(page, '#messages .tool-call.linked')).toEqual(['call_b']);
      expect(await page.textContent('#timeline')).toMatch(/echo → \{"city":"Tokyo"/);
      expect(await page.textContent('#timeline')).toMatch(/117 tokens/);

      // The tool's output is shown as text, never run as markup.
      expect(await page.textContent('#messages')).toContain(HOSTILE.replace(/"/g, '\\"'));
      expect(await page.$$eval('img', (images) => images.length)).toBe(0);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

      await mkdir(new URL('.', SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT.pathname });

      // A reload replays the history at once: same timeline, same conversation, no animation.
      const entries = await page.$$eval('#timeline > li', (items) => items.length);
      await page.reload();
      await settledOn(page, 'idle');
      expect(await page.$$eval('#timeline > li', (items) => items.length)).toBe(entries);
      expect(await callIds(page, '#messages .tool-call')).toEqual(['call_a', 'call_b']);
      expect(await page.evaluate(() => window.__stateHistory)).toEqual(['idle']);
      expect(await page.$eval('#state-idle', (node) => node.classList.contains('current'))).toBe(true);

      expect(problems).toEqual([]);
      session.actor.stop();
      await page.close();
    },
  );

  it('lists several sessions and shows the one picked', { timeout: 20_000 }, async () => {
    const inspector = await testInspector();
    const first = await scriptedModel([{ content: 'Answer from the first session.' }]);
    const second = await scriptedModel([{ content: 'Answer from the second session.' }]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${inspector.url}?dwell=0`);

    const a = createSession({ client: first.client, model: 'model-a', inspect: inspector.inspect });
    await a.ask('first question');
    const b = createSession({ client: second.client, model: 'model-b', inspect: inspector.inspect });
    await b.ask('second question');

    // The page follows the newest session until someone picks one.
    await page.waitForFunction(() =>
      document.querySelector('#messages')?.textContent?.includes('Answer from the second session.'),
    );
    const options = await page.$$eval('#session-picker option', (nodes) =>
      nodes.map((node) => (node as HTMLOptionElement).value),
    );
    expect(options).toEqual(['s1', 's2']);
    await page.selectOption('#session-picker', 's1');
    await page.waitForFunction(() =>
      document.querySelector('#messages')?.textContent?.includes('Answer from the first session.'),
    );
    expect(await page.textContent('#messages')).not.toContain('second session');
    expect(await page.textContent('#timeline')).toContain('model model-a');
    a.actor.stop();
    b.actor.stop();
    await page.close();
  });
});
