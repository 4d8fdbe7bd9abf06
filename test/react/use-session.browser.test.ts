// The callbacks passed to page.evaluate() and waitForFunction() run in the browser; the DOM types describe them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBrowserPage } from '../../examples/web-chat/build-page.js';
import { createDemoResponder, startOfflineModel, type OfflineModelServer, type ScriptedReply } from '../../src/offline-model/index.js';
import { launchChromium } from '../support/browser.js';
import type { MountOptions, ViewRecord } from './page/harness-api.js';

let browser: Browser;
let page: Page;
let pageServer: Server;
let model: OfflineModelServer;
/** Replies for the next requests, in order; the demo model answers when there are none. */
const replies: ScriptedReply[] = [];

async function mount(options: Omit<MountOptions, 'baseURL'> = {}) {
  // As JSON: a snapshot's type is too deep for playwright's argument types to unfold.
  await page.evaluate((mounted) => window.harness.mount(JSON.parse(mounted) as MountOptions), JSON.stringify({ baseURL: model.baseURL, ...options }));
  await page.waitForFunction(() => window.harness.records().length > 0 || window.harness.renderError() !== null);
}

const records = () => page.evaluate(() => window.harness.records());
const latest = async () => (await records()).at(-1)!;
/** Waits until the latest committed view passes `check` (a function body over `view`). */
const waitForView = (check: string) => page.waitForFunction(`(() => { const view = window.harness.records().at(-1); return view && (${check}); })()`);
const statuses = (view: ViewRecord) => view.toolCalls.map((call) => [call.id, call.status]);
/** Consecutive duplicates dropped: the sequence a reader watching the page saw. */
const sequence = <T>(values: T[]) => values.filter((value, index) => index === 0 || JSON.stringify(value) !== JSON.stringify(values[index - 1]));

describe('useSession, rendered by React in Chromium', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    const demo = createDemoResponder();
    model = await startOfflineModel({ script: (request, meta) => replies.shift() ?? demo(request, meta) });
    const assets = await buildBrowserPage({ harness: 'test/react/page/harness.tsx' });
    const html = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/harness.js"></script>';
    pageServer = createServer((req, res) => {
      const asset = assets.get(req.url ?? '');
      if (asset) res.writeHead(200, { 'content-type': asset.contentType }).end(asset.body);
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'harness' in window);
  }, 60_000);

  beforeEach(async () => {
    replies.length = 0;
    await page.evaluate(() => window.harness.unmount());
  });

  afterAll(async () => {
    await browser?.close();
    await model?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
  });

  it('follows a turn: stage from meta, status, busy, parallel calls running then settled, messages', async () => {
    replies.push(
      { toolCalls: [{ id: 'hold_a', name: 'hold', arguments: { label: 'a' } }, { id: 'hold_b', name: 'hold', arguments: { label: 'b' } }] },
      { content: 'Both released.' },
    );
    await mount();
    expect(await latest()).toMatchObject({ status: 'idle', stage: null, busy: false, messageCount: 0, toolCalls: [], error: null });
    const asked = page.evaluate(() => window.harness.ask('hold two'));
    // Both calls run side by side: the hook shows them running at once.
    await waitForView("view.toolCalls.filter((call) => call.status === 'running').length === 2");
    expect(await latest()).toMatchObject({ status: 'running', busy: true, stage: 'execute', state: 'executing.parallel' });
    await page.evaluate(() => window.harness.release('hold_a'));
    await waitForView("view.toolCalls.some((call) => call.status === 'succeeded')");
    expect(statuses(await latest())).toEqual([
      ['hold_a', 'succeeded'],
      ['hold_b', 'running'],
    ]);
    await page.evaluate(() => window.harness.release('hold_b'));
    expect(await asked).toEqual({ ok: true, content: 'Both released.', stopReason: 'stop' });

    const seen = await records();
    expect(sequence(seen.map((view) => view.stage))).toEqual([null, 'decide', 'call', 'execute', 'respond', null]);
    expect(sequence(seen.map((view) => view.status))).toEqual(['idle', 'running', 'idle']);
    expect(seen.every((view) => view.busy === (view.status === 'running'))).toBe(true);
    expect(sequence(seen.map((view) => view.toolCalls.map((call) => call.status).join()))).toEqual([
      '',
      'pending,pending',
      'running,running',
      'succeeded,running',
      'succeeded,succeeded',
    ]);
    expect(seen.at(-1)).toMatchObject({ messageCount: 5, lastMessage: { role: 'assistant', content: 'Both released.' } });
    // One session for the component's whole life.
    expect(new Set(seen.map((view) => view.sessionId)).size).toBe(1);
  });

  it('shows the calls of a sequential round one at a time, as they run', async () => {
    replies.push({ toolCalls: [{ id: 'step_1', name: 'step', arguments: { n: 1 } }, { id: 'step_2', name: 'step', arguments: { n: 2 } }] }, { content: 'Done.' });
    await mount();
    const asked = page.evaluate(() => window.harness.ask('two steps'));
    await waitForView("view.toolCalls.some((call) => call.status === 'running')");
    expect(await latest()).toMatchObject({ state: 'executing.sequential' });
    expect(statuses(await latest())).toEqual([
      ['step_1', 'running'],
      ['step_2', 'pending'],
    ]);
    await page.evaluate(() => window.harness.release('step_1'));
    await waitForView("view.toolCalls[1]?.status === 'running'");
    expect(statuses(await latest())).toEqual([
      ['step_1', 'succeeded'],
      ['step_2', 'running'],
    ]);
    await page.evaluate(() => window.harness.release('step_2'));
    expect(await asked).toMatchObject({ ok: true, content: 'Done.' });
  });

  it('streams the answer of the current request into streamingText, delta by delta', async () => {
    const answer = 'A streamed answer, long enough to arrive in several deltas of twelve characters.';
    replies.push({ content: answer });
    await mount({ stream: true, paceMs: 5 });
    expect(await page.evaluate(() => window.harness.ask('stream please'))).toMatchObject({ ok: true, content: answer });
    const texts = sequence((await records()).map((view) => view.streamingText)).filter((text) => text !== '');
    // Renders between the deltas, each a longer prefix of the answer, ending with all of it.
    expect(texts.length).toBeGreaterThan(2);
    texts.forEach((text, index) => {
      expect(answer.startsWith(text)).toBe(true);
      if (index > 0) expect(text.length).toBeGreaterThan(texts[index - 1]!.length);
    });
    expect(texts.at(-1)).toBe(answer);
  });

  it('waits for approval with pendingApprovals, and decide continues the turn', async () => {
    replies.push({ toolCalls: [{ id: 'ok_1', name: 'approve_me', arguments: { x: 7 } }] }, { content: 'Approved and done.' });
    await mount();
    expect(await page.evaluate(() => window.harness.ask('needs approval'))).toMatchObject({ ok: true, stopReason: 'approval_required' });
    expect(await latest()).toMatchObject({
      status: 'awaiting_approval',
      busy: false,
      stage: 'execute',
      pendingApprovals: [{ id: 'ok_1', name: 'approve_me', arguments: { x: 7 }, effect: 'write_once' }],
      toolCalls: [{ id: 'ok_1', status: 'awaiting_approval', approval: 'required' }],
    });
    // The session's own checks: a decision for a call that does not wait is refused, and nothing is sent.
    expect(await page.evaluate(() => window.harness.decide({ nope: { approve: true } }))).toMatchObject({ ok: false, name: 'InvalidTurnError', reason: 'invalid_decision' });
    expect(await page.evaluate(() => window.harness.decide({ ok_1: { approve: true } }))).toMatchObject({ ok: true, content: 'Approved and done.' });
    expect(await latest()).toMatchObject({ status: 'idle', pendingApprovals: [], toolCalls: [{ id: 'ok_1', status: 'succeeded', approval: 'approved' }] });
  });

  it('a failed request shows as status "failed" with its typed error; retry sends it again', async () => {
    replies.push({ error: { status: 500, message: 'upstream down' } }, { content: 'Recovered.' });
    await mount();
    expect(await page.evaluate(() => window.harness.ask('fail first'))).toMatchObject({ ok: false, name: 'ApiRequestError' });
    expect(await latest()).toMatchObject({ status: 'failed', busy: false, stage: null, error: { name: 'ApiRequestError', status: 500 } });
    expect((await latest()).error!.message).toContain('upstream down');
    expect(await page.evaluate(() => window.harness.retry())).toMatchObject({ ok: true, content: 'Recovered.' });
    expect(await latest()).toMatchObject({ status: 'idle', error: null, messageCount: 2 });
    expect(model.requests.at(-1)!.body.messages).toEqual(model.requests.at(-2)!.body.messages);
  });

  it('cancel stops the turn: the running call is answered as cancelled and ask rejects with TurnCancelledError', async () => {
    replies.push({ toolCalls: [{ id: 'hold_c', name: 'hold', arguments: { label: 'c' } }] });
    await mount();
    const asked = page.evaluate(() => window.harness.ask('then cancel'));
    await waitForView("view.toolCalls[0]?.status === 'running'");
    await page.evaluate(() => window.harness.cancel());
    expect(await asked).toMatchObject({ ok: false, name: 'TurnCancelledError' });
    expect(await latest()).toMatchObject({
      status: 'cancelled',
      busy: false,
      error: null,
      toolCalls: [{ id: 'hold_c', status: 'failed' }],
      lastMessage: { role: 'tool', tool_call_id: 'hold_c' },
    });
  });

  it('continues a conversation from a snapshot, in another component', async () => {
    await mount();
    expect(await page.evaluate(() => window.harness.ask('What is the weather in Paris and Tokyo?'))).toMatchObject({ ok: true });
    const before = await latest();
    const snapshot = await page.evaluate(() => window.harness.snapshot());
    await page.evaluate(() => window.harness.unmount());

    await mount({ snapshot });
    const restored = await latest();
    expect(restored).toMatchObject({ sessionId: before.sessionId, status: 'idle', messageCount: before.messageCount, toolCalls: before.toolCalls });
    expect(await page.evaluate(() => window.harness.ask('What time is it in Tokyo?'))).toMatchObject({ ok: true });
    expect(model.requests.at(-1)!.body.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
      'What is the weather in Paris and Tokyo?',
      'What time is it in Tokyo?',
    ]);
  });

  it('a snapshot taken mid-turn restores as "interrupted" until resume runs the turn on', async () => {
    replies.push({ toolCalls: [{ id: 'hold_r', name: 'hold', arguments: { label: 'r' } }] }, { content: 'Resumed and done.' });
    await mount();
    const firstAsk = page.evaluate(() => window.harness.ask('hold, then restore'));
    await waitForView("view.toolCalls[0]?.status === 'running'");
    const snapshot = await page.evaluate(() => window.harness.snapshot());
    await page.evaluate(() => window.harness.unmount());
    // Unmounting stopped the session: its turn rejects, as session.stop() makes it.
    expect(await firstAsk).toMatchObject({ ok: false, name: 'TurnCancelledError' });

    await mount({ snapshot });
    expect(await latest()).toMatchObject({ status: 'interrupted', busy: false, stage: 'execute', toolCalls: [{ id: 'hold_r', status: 'pending' }] });
    const resumed = page.evaluate(() => window.harness.resume());
    await waitForView("view.toolCalls[0]?.status === 'running'");
    expect(await latest()).toMatchObject({ status: 'running', busy: true });
    await page.evaluate(() => window.harness.release('hold_r'));
    expect(await resumed).toMatchObject({ ok: true, content: 'Resumed and done.' });
  });

  it('the session lives as long as the component: StrictMode does not stop it, unmounting does', async () => {
    await mount({ strict: true });
    // StrictMode ran the effect's cleanup and the effect again; the session is still running.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await page.evaluate(() => window.harness.actorStatus())).toBe('active');
    expect(await page.evaluate(() => window.harness.ask('What is 6 * 7?'))).toMatchObject({ ok: true });
    await page.evaluate(() => window.harness.unmount());
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await page.evaluate(() => window.harness.actorStatus())).toBe('stopped');
  });

  it('options createSession refuses throw its typed error while rendering, for an error boundary', async () => {
    await mount({ toolTimeoutMs: -1 });
    expect(await page.evaluate(() => window.harness.renderError())).toMatchObject({ name: 'InvalidOptionsError' });
    expect(await records()).toEqual([]);
  });
});
