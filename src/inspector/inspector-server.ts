import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InspectionEvent } from 'xstate';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { LIFECYCLE_SVG } from './diagram/lifecycle-svg.generated.js';
import { describeMachine } from './diagram/machine-graph.js';
import { PAGE_HTML } from './page/page-html.js';
import { PAGE_SCRIPT } from './page/page-script.generated.js';
import { PAGE_STYLE } from './page/page-style.js';
import { createSessionRecorder, type RecorderOptions } from './session-recorder.js';
import { openSseStream, type SseStream } from './sse-stream.js';
import type { SessionHistory, SessionInfo } from './timeline-types.js';

export interface InspectorOptions extends RecorderOptions {
  /** Default 0: an ephemeral port, printed in `url`. */
  port?: number;
  /** Default `127.0.0.1`. The page shows conversations and tool results: keep it on loopback. */
  host?: string;
}

export interface Inspector {
  /** The page to open, e.g. `http://127.0.0.1:4739/`. */
  readonly url: string;
  readonly port: number;
  /** Pass as `inspect` to `createSession` or `createActor`; one inspector serves any number of sessions. */
  readonly inspect: (event: InspectionEvent) => void;
  sessions(): SessionInfo[];
  history(sessionId: string): SessionHistory | undefined;
  /** Ends open pages' streams and stops listening; the process can exit right after. */
  close(): Promise<void>;
}

// The page is data-free HTML; everything it shows arrives as JSON and is written with textContent.
// The policy is a second line of defence: no inline script, nothing from another origin.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const STATIC: Record<string, { type: string; body: string }> = {
  '/': { type: 'text/html; charset=utf-8', body: PAGE_HTML },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: PAGE_SCRIPT },
  '/app.css': { type: 'text/css; charset=utf-8', body: PAGE_STYLE },
  '/diagram.svg': { type: 'image/svg+xml; charset=utf-8', body: LIFECYCLE_SVG },
  // The states, their stages and transitions the diagram shows: the page derives what it names from this.
  '/machine.json': { type: 'application/json; charset=utf-8', body: JSON.stringify(describeMachine(lifecycleMachine)) },
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  response.end(JSON.stringify(body));
}

function sequenceNumber(text: string | string[] | null | undefined): number {
  const value = Number(Array.isArray(text) ? text[0] : text);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * Starts the offline inspector: a page on loopback showing the lifecycle diagram with the current
 * state lit, a timeline of every transition with its payload, and the conversation. Live over
 * server-sent events; a reload replays the retained history.
 */
export async function startInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const host = options.host ?? '127.0.0.1';
  const recorder = createSessionRecorder(options);
  const streams = new Set<{ stream: SseStream; sessionId: string | undefined }>();
  let port = 0;

  recorder.subscribe({
    session: () => {
      const sessions = recorder.sessions();
      for (const { stream } of streams) stream.send('sessions', sessions);
    },
    entry: (sessionId, entry) => {
      for (const client of streams) if (client.sessionId === sessionId) client.stream.send('entry', entry, entry.seq);
    },
  });

  // Only our own page may read conversations: a DNS-rebound name pointing at 127.0.0.1 sends its own Host.
  const hostAllowed = (request: IncomingMessage) => {
    const allowed = new Set([`${host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
    return allowed.has(request.headers.host ?? '');
  };

  const openStream = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const sessionId = url.searchParams.get('session') ?? undefined;
    // EventSource resends the last id it saw on reconnection; that wins over the URL's `after`.
    const after = Math.max(sequenceNumber(url.searchParams.get('after')), sequenceNumber(request.headers['last-event-id']));
    const client = { stream: openSseStream(response, () => streams.delete(client)), sessionId };
    streams.add(client);
    client.stream.send('sessions', recorder.sessions());
    if (sessionId === undefined) return;
    const history = recorder.history(sessionId, after);
    if (!history) return client.stream.send('missing', { session: sessionId });
    const firstRetained = history.entries[0]?.seq ?? history.session.lastSeq + 1;
    // Entries the page has not seen were dropped: it must start over from the JSON history.
    if (after < firstRetained - 1) return client.stream.send('reset', { session: sessionId });
    for (const entry of history.entries) client.stream.send('entry', entry, entry.seq);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request)) return sendJson(response, 421, { error: 'Unexpected Host header.' });
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendJson(response, 405, { error: 'Only GET is supported.' });
    const url = new URL(request.url ?? '/', 'http://inspector.invalid');
    const asset = STATIC[url.pathname];
    if (asset) {
      response.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      return response.end(request.method === 'HEAD' ? undefined : asset.body);
    }
    if (url.pathname === '/favicon.ico') return response.writeHead(204).end();
    if (url.pathname === '/api/sessions') return sendJson(response, 200, recorder.sessions());
    const historyPath = /^\/api\/sessions\/([^/]+)\/history$/.exec(url.pathname);
    if (historyPath) {
      const history = recorder.history(decodeURIComponent(historyPath[1]!), sequenceNumber(url.searchParams.get('after')));
      return history ? sendJson(response, 200, history) : sendJson(response, 404, { error: 'No such session.' });
    }
    if (url.pathname === '/api/stream') return openStream(request, response, url);
    return sendJson(response, 404, { error: 'Not found.' });
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    inspect: recorder.inspect,
    sessions: recorder.sessions,
    history: (sessionId) => recorder.history(sessionId),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const { stream } of streams) stream.close();
        streams.clear();
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold `close` open for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
