import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What the openai SDK sends from a browser, so every call is preflighted. */
const SDK_HEADERS = 'authorization, content-type, x-stainless-lang, x-stainless-retry-count, x-stainless-timeout';
const PAGE_ORIGIN = 'http://127.0.0.1:5173';

function preflight(origin: string): Promise<Response> {
  return fetch(`${server!.baseURL}/chat/completions`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': SDK_HEADERS },
  });
}

describe('CORS', () => {
  it('answers a preflight from another loopback origin with the method and headers the SDK needs', async () => {
    server = await startOfflineModel({ script: [] });
    const response = await preflight(PAGE_ORIGIN);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')?.split(/,\s*/)).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(SDK_HEADERS);
    expect(server.requests).toHaveLength(0);
  });

  it('marks a real POST from that origin as readable, request id and retry hints included', async () => {
    server = await startOfflineModel({ script: [{ content: 'hi from loopback' }] });
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/json', authorization: 'Bearer test' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id.*x-should-retry/);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(body.choices[0]?.message.content).toBe('hi from loopback');
  });

  it('grants nothing to an origin off loopback', async () => {
    server = await startOfflineModel({ script: [{ content: 'x' }] });
    const response = await preflight('https://example.com');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
    // A request without an Origin (not from a browser) is served as before, with no CORS headers.
    const plain = await fetch(`${server.baseURL}/models`);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
