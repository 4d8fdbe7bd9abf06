// The callbacks passed to page.evaluate() run in the browser; the DOM types describe them.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';

const CHROMIUM = process.env.TOOLCYCLE_CHROMIUM ?? '/usr/bin/chromium';
/** Resolves to loopback inside the browser only, so a page can have an origin that is not loopback. */
const FOREIGN_HOST = 'not-loopback.test';

declare global {
  interface Window {
    /** Asks the model through the openai SDK, as a web app would; resolves to the answer or the error's text. */
    askModel(baseURL: string): Promise<{ content?: string | null; requestId?: string | null; error?: string }>;
  }
}

/** The openai SDK bundled for the browser, exposed to the page as `window.askModel`. */
async function bundleSdkPage(): Promise<string> {
  const entry = `
    import OpenAI from 'openai';
    window.askModel = async (baseURL) => {
      const client = new OpenAI({ baseURL, apiKey: 'browser-key', dangerouslyAllowBrowser: true, maxRetries: 0 });
      try {
        const { data, response } = await client.chat.completions
          .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] })
          .withResponse();
        return { content: data.choices[0]?.message.content, requestId: response.headers.get('x-request-id') };
      } catch (error) {
        return { error: String(error) };
      }
    };`;
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return `<!doctype html><script type="module">${result.outputFiles[0]!.text}</script>`;
}

describe.skipIf(process.env.TOOLCYCLE_SKIP_BROWSER === '1')('CORS in headless Chromium', () => {
  let browser: Browser;
  let pageServer: Server;
  let model: OfflineModelServer;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}. Install it (apt-get install -y chromium), point TOOLCYCLE_CHROMIUM at it, or set TOOLCYCLE_SKIP_BROWSER=1 to skip the browser tests.`,
      );
    }
    const html = await bundleSdkPage();
    pageServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    model = await startOfflineModel({ script: () => ({ content: 'hello, browser' }) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        `--host-resolver-rules=MAP ${FOREIGN_HOST} 127.0.0.1`,
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await model?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
  });

  async function askFrom(host: string) {
    const page = await browser.newPage();
    try {
      await page.goto(`http://${host}:${(pageServer.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => typeof window.askModel === 'function');
      return await page.evaluate((baseURL) => window.askModel(baseURL), model.baseURL);
    } finally {
      await page.close();
    }
  }

  it('lets the openai SDK on a page from another loopback origin call the model and read its headers', { timeout: 30_000 }, async () => {
    const answer = await askFrom('127.0.0.1');
    expect(answer).toEqual({ content: 'hello, browser', requestId: expect.stringMatching(/^req_offline/) });
  });

  it('refuses a page from an origin off loopback', { timeout: 30_000 }, async () => {
    const before = model.requests.length;
    const answer = await askFrom(FOREIGN_HOST);
    expect(answer.error).toMatch(/Connection error/);
    // The preflight failed, so the request itself was never sent.
    expect(model.requests.length).toBe(before);
  });
});
