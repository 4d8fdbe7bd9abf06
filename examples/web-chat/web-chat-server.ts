import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { buildWebChatPage, type Asset } from './build-page.js';
import { createNoteTakingResponder } from './note-model.js';
import { pageHtml } from './page-html.js';

export interface WebChatOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** The page's port; default 0 (any free one). */
  port?: number;
  /** The offline model's port; default 0 (any free one). */
  modelPort?: number;
}

export interface WebChat {
  /** The chat page, e.g. `http://127.0.0.1:4101/`; `minimal.html` next to it is the README's example. */
  url: string;
  model: OfflineModelServer;
  close(): Promise<void>;
}

/**
 * The web chat example: the page, bundled by esbuild at start, served on loopback, and the offline
 * model (the demo model plus notes) on its own port. The page calls the model directly with the
 * openai SDK, across origins, as a browser app calls an API.
 */
export async function startWebChat(options: WebChatOptions = {}): Promise<WebChat> {
  const host = options.host ?? '127.0.0.1';
  const assets = await buildWebChatPage();
  const model = await startOfflineModel({ script: createNoteTakingResponder(), host, port: options.modelPort ?? 0, recordRequests: 100 });
  const html = (title: string, script: string, stylesheet?: string): Asset => ({
    contentType: 'text/html; charset=utf-8',
    body: Buffer.from(pageHtml({ title, script, stylesheet, modelBaseURL: model.baseURL })),
  });
  const files = new Map([
    ...assets,
    ['/', html('toolcycle web chat', '/chat.js', '/styles.css')],
    ['/minimal.html', html('toolcycle: minimal chat', '/minimal.js')],
  ]);

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    const file = files.get(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') res.writeHead(405, { allow: 'GET, HEAD' }).end();
    else if (!file) res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path}\n`);
    else res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : file.body);
  });
  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    await model.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    model,
    async close() {
      server.closeAllConnections();
      await Promise.all([new Promise((resolve) => server.close(resolve)), model.close()]);
    },
  };
}

/** Resolves once the server listens; rejects with the error (EADDRINUSE…) if it cannot. */
async function listen(server: Server, port: number, host: string): Promise<void> {
  await once(server.listen(port, host), 'listening');
}
