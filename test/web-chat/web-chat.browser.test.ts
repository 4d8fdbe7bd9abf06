// The callbacks passed to page.evaluate() and waitForFunction() run in the browser; the DOM types describe them.
import { mkdir } from 'node:fs/promises';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebChat, type WebChat } from '../../examples/web-chat/web-chat-server.js';
import { launchChromium } from '../support/browser.js';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);
/** Long enough that a lookup is still running whenever the test looks; the turn is cancelled or the page reloaded first. */
const HELD = 'latency=600000';

let chat: WebChat;
let browser: Browser;
let page: Page;
/** Uncaught errors and console errors (React's warnings among them): a working page has none. */
const pageErrors: string[] = [];

async function screenshot(name: string) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(`web-chat-${name}.png`, ARTIFACTS).pathname, animations: 'disabled' });
}

async function open(query: string) {
  await page.goto(`${chat.url}?${query}`);
  await page.waitForSelector('.app');
}

async function send(text: string) {
  await page.fill('#message', text);
  await page.click('#send');
}

function waitForStatus(status: string) {
  return page.waitForSelector(`.app[data-status="${status}"]`);
}

/** Each call row of the turn: name, arguments, status, duration text and where its bar sits. */
function callRows() {
  return page.$$eval('[data-call-id]', (rows) =>
    rows.map((row) => {
      const bar = row.querySelector<HTMLElement>('.bar')!;
      return {
        name: (row as HTMLElement).dataset.name,
        status: (row as HTMLElement).dataset.status,
        text: (row as HTMLElement).innerText,
        left: Number.parseFloat(bar.style.left),
        width: Number.parseFloat(bar.style.width),
      };
    }),
  );
}

function texts(selector: string) {
  return page.$$eval(selector, (nodes) => nodes.map((node) => (node as HTMLElement).innerText));
}

const stageChips = () =>
  page.$$eval('[data-stage-chip]', (chips) => chips.map((chip) => [(chip as HTMLElement).dataset.stageChip, (chip as HTMLElement).dataset.lit]));
const lastRequestMessages = () => chat.model.requests.at(-1)!.body.messages as ChatCompletionMessageParam[];
const savedConversation = () => page.evaluate(() => localStorage.getItem('toolcycle.web-chat.conversation'));
const userMessages = (messages: ChatCompletionMessageParam[]) => messages.flatMap((message) => (message.role === 'user' ? [message.content] : []));

describe('the web chat example in Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    chat = await startWebChat();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(`console.${message.type()}: ${message.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  it('asks about Paris and Tokyo: two get_weather calls run in parallel, the answer streams in', async () => {
    await open('latency=600&pace=10');
    expect(await stageChips()).toEqual([
      ['connect', 'off'],
      ['decide', 'off'],
      ['call', 'off'],
      ['execute', 'off'],
      ['respond', 'off'],
    ]);
    await send('What is the weather in Paris and Tokyo?');
    // Both calls running at once, in the execute stage: checked in one look, then the screenshot.
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-call-id][data-status="running"]').length === 2 &&
        document.querySelector<HTMLElement>('.app')?.dataset.state === 'executing.parallel' &&
        document.querySelector('[data-stage-chip="execute"]')?.getAttribute('data-lit') === 'current',
    );
    await screenshot('1-parallel-running');

    await waitForStatus('idle');
    const answer = (await texts('.message-assistant')).at(-1)!;
    expect(answer).toMatch(/^\[offline demo model\][\s\S]*Paris[\s\S]*Tokyo/);
    const calls = await callRows();
    expect(calls.map((call) => [call.name, call.status])).toEqual([
      ['get_weather', 'succeeded'],
      ['get_weather', 'succeeded'],
    ]);
    expect(calls[0]!.text).toContain('{"city":"Paris"}');
    expect(calls[1]!.text).toContain('{"city":"Tokyo"}');
    for (const call of calls) expect(call.text).toMatch(/\d+ ms/);
    // The bars overlap on the turn's clock: each started before the other ended.
    const [first, second] = calls as [(typeof calls)[0], (typeof calls)[0]];
    expect(first.left).toBeLessThan(second.left + second.width);
    expect(second.left).toBeLessThan(first.left + first.width);
    // Every stage lit on the way; connect passes in one step, and only the microsteps show it.
    expect(await stageChips()).toEqual(['connect', 'decide', 'call', 'execute', 'respond'].map((stage) => [stage, 'visited']));
    expect(await page.getAttribute('[data-state-trail]', 'data-state-trail')).toBe(
      'connecting → deciding → calling.checking → calling.planning → executing.parallel → calling.planning → responding → idle',
    );
    // Streamed: the answer arrived in several deltas through the SDK's stream.
    expect(Number(await page.getAttribute('[data-streamed-parts]', 'data-streamed-parts'))).toBeGreaterThan(1);
    expect(chat.model.requests.at(-1)!.body.stream).toBe(true);
    await screenshot('2-parallel-answered');
  });

  it('answers a question in Chinese in Chinese', async () => {
    await send('北京和上海的天气怎么样？');
    await waitForStatus('idle');
    const answer = (await texts('.message-assistant')).at(-1)!;
    expect(answer).toMatch(/^\[离线演示模型\][\s\S]*北京[\s\S]*上海/);
    expect((await callRows()).map((call) => [call.name, call.status])).toEqual([
      ['get_weather', 'succeeded'],
      ['get_weather', 'succeeded'],
    ]);
    expect(await texts('.message-user')).toEqual(['What is the weather in Paris and Tokyo?', '北京和上海的天气怎么样？']);
    await screenshot('3-chinese');
  });

  it('waits for approval before saving a note, and saves it once approved', async () => {
    await send('Save a note: buy milk');
    await waitForStatus('awaiting_approval');
    expect(await page.getAttribute('.app', 'data-stage')).toBe('execute');
    expect((await callRows()).map((call) => [call.name, call.status])).toEqual([['save_note', 'awaiting_approval']]);
    expect(await page.innerText('[data-approval]')).toContain('save_note({"text":"buy milk"})');
    expect(await texts('[data-notes] li')).toEqual([]);
    await screenshot('4-awaiting-approval');

    await page.click('[data-approval] .approve');
    await waitForStatus('idle');
    expect((await texts('.message-assistant')).at(-1)).toBe('[offline demo model] Saved your note “buy milk” (1 note now).');
    expect((await callRows()).map((call) => [call.name, call.status])).toEqual([['save_note', 'succeeded']]);
    expect(await texts('[data-notes] li')).toEqual(['buy milk']);
    await screenshot('5-approved');
  });

  it('rejects a note with a reason: nothing is saved, the model is told why', async () => {
    await send('记一下：明天开会');
    await waitForStatus('awaiting_approval');
    await page.fill('[data-approval] .reason', '不需要');
    await page.click('[data-approval] .reject');
    await waitForStatus('idle');
    expect((await texts('.message-assistant')).at(-1)).toBe('[离线演示模型] 没有保存笔记：你拒绝了（“不需要”）。');
    const [rejected] = await callRows();
    expect(rejected).toMatchObject({ name: 'save_note', status: 'failed' });
    expect(rejected!.text).toContain('rejected: A person declined to run "save_note": 不需要');
    expect(await texts('[data-notes] li')).toEqual(['buy milk']);
    await screenshot('6-rejected');
  });

  it('a reload in the middle of a turn continues it: the conversation comes back, Resume finishes the turn', async () => {
    const before = await texts('.message');
    await open(HELD);
    expect(await texts('.message')).toEqual(before);
    await send('What is the weather in London?');
    await page.waitForSelector('[data-call-id][data-status="running"]');

    await open('latency=100&pace=10');
    await waitForStatus('interrupted');
    expect(await page.getAttribute('.app', 'data-state')).toBe('executing.single');
    expect(await texts('.message-user')).toContain('What is the weather in London?');
    expect((await callRows()).map((call) => [call.name, call.status])).toEqual([['get_weather', 'pending']]);
    await screenshot('7-interrupted');

    await page.click('#resume');
    await waitForStatus('idle');
    expect((await texts('.message-assistant')).at(-1)).toMatch(/^\[offline demo model\] Weather in London:/);
    expect((await callRows()).map((call) => [call.name, call.status])).toEqual([['get_weather', 'succeeded']]);
  });

  it('cancels a turn while its tool runs: the call is answered as cancelled, the conversation stays valid', async () => {
    await open(HELD);
    await send('What is the weather in Berlin and Madrid?');
    await page.waitForFunction(() => document.querySelectorAll('[data-call-id][data-status="running"]').length === 2);
    await page.click('#cancel');
    await waitForStatus('cancelled');
    const calls = await callRows();
    expect(calls.map((call) => [call.name, call.status])).toEqual([
      ['get_weather', 'failed'],
      ['get_weather', 'failed'],
    ]);
    for (const call of calls) expect(call.text).toContain('cancelled: The turn was cancelled before the tool finished.');
    expect(await page.isVisible('[data-banner="cancelled"]')).toBe(true);
    await screenshot('8-cancelled');
  });

  it('after a reload the conversation continues from localStorage: the model gets the whole history', async () => {
    const before = await texts('.message');
    await open('latency=100&pace=10');
    expect(await texts('.message')).toEqual(before);
    expect(await page.getAttribute('.app', 'data-status')).toBe('cancelled');
    await send('What time is it in Sydney?');
    await waitForStatus('idle');
    expect((await texts('.message-assistant')).at(-1)).toMatch(/^\[offline demo model\] Time in Sydney/);
    expect(userMessages(lastRequestMessages())).toEqual([
      'What is the weather in Paris and Tokyo?',
      '北京和上海的天气怎么样？',
      'Save a note: buy milk',
      '记一下：明天开会',
      'What is the weather in London?',
      'What is the weather in Berlin and Madrid?',
      'What time is it in Sydney?',
    ]);
    await screenshot('9-continued');
  });

  it('a saved conversation it cannot read starts a new one instead of breaking the page', async () => {
    const fromAnotherVersion = { ...JSON.parse((await savedConversation())!), machineVersion: -1 };
    for (const unreadable of ['{not json', JSON.stringify({ format: 'something else' }), JSON.stringify(fromAnotherVersion)]) {
      await page.evaluate((value) => localStorage.setItem('toolcycle.web-chat.conversation', value), unreadable);
      await open('latency=100&pace=10');
      await waitForStatus('idle');
      expect(await texts('.message')).toEqual([]);
      expect(await page.isVisible('.hint')).toBe(true);
    }
    await send('What is 6 * 7?');
    await waitForStatus('idle');
    expect((await texts('.message-assistant')).at(-1)).toContain('42');
    expect(JSON.parse((await savedConversation())!)).toMatchObject({ format: 'toolcycle.session', state: 'idle' });
  });

  it('"New conversation" forgets the saved one', async () => {
    await page.click('#new-conversation');
    await page.waitForFunction(() => document.querySelectorAll('.message').length === 0);
    expect(await savedConversation()).toBeNull();
    await open('latency=100&pace=10');
    expect(await texts('.message')).toEqual([]);
  });

  it("the README's minimal example works as written", async () => {
    await page.goto(`${chat.url}minimal.html`);
    await page.click('button:has-text("Send")');
    await page.waitForFunction(() => document.querySelectorAll('p.assistant').length === 1 && document.querySelectorAll('li').length === 2);
    expect(await texts('li')).toEqual(['get_weather {"city":"Paris"}: succeeded', 'get_weather {"city":"Tokyo"}: succeeded']);
    expect(await page.innerText('p.assistant')).toMatch(/^\[offline demo model\][\s\S]*Paris[\s\S]*Tokyo/);
    await screenshot('10-minimal');
  });

  it('logged no error or warning on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
