import { APIConnectionError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';
import { clientFor } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'hello' }] };
const POOLED_CONNECTIONS = 3;

/** Node closes an idle connection this long after the keep-alive timeout it advertises; the race used to start there. */
const NODE_CLOSE_MARGIN_MS = 1000;

/** Holds the event loop, as hundreds of concurrent sessions in one process can, so no timer runs meanwhile. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

function describeFailure(error: unknown): string {
  if (!(error instanceof APIConnectionError)) return String(error);
  const cause = error.cause as { cause?: unknown } | undefined;
  return `${error.message} (${String(cause?.cause ?? cause)})`;
}

function advertisedKeepAliveMs(headers: Headers): number {
  const seconds = /timeout=(\d+)/.exec(headers.get('keep-alive') ?? '')?.[1];
  expect(seconds, 'the response advertises a keep-alive timeout').toBeDefined();
  return Number(seconds) * 1000;
}

describe('keep-alive', () => {
  it('keeps pooled connections open past a keep-alive timer held up by a busy event loop', { timeout: 30_000 }, async () => {
    server = await startOfflineModel({ script: () => ({ content: 'ok' }) });
    const client = clientFor(server); // the SDK's default fetch pool; no retries to hide a dropped connection
    const send = () =>
      client.chat.completions
        .create(ask)
        .withResponse()
        .then(({ response }) => response.headers, describeFailure);
    const round = () => Promise.all(Array.from({ length: POOLED_CONNECTIONS }, send));

    const [headers] = await round();
    expect(headers).toBeInstanceOf(Headers);
    // One turn of the loop lets the fetch pool take the connections back.
    await new Promise((resolve) => setImmediate(resolve));
    // The pool would retire them after its keep-alive timeout, but its timer cannot run while the loop
    // is held; the server's expired timer runs right after the requests below went out on them. That
    // is the race heavy load produces: the server must not be the first to give up an idle connection.
    blockEventLoop(advertisedKeepAliveMs(headers as Headers) + NODE_CLOSE_MARGIN_MS + 300);
    const failures = (await round()).filter((outcome) => typeof outcome === 'string');

    expect(failures).toEqual([]);
  });
});
