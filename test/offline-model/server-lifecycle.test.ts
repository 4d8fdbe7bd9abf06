import { Agent, request as httpRequest } from 'node:http';
import { APIConnectionError, APIUserAbortError, NotFoundError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer, type ScriptedReply } from '../../src/offline-model/index.js';
import { clientFor, expectApiError } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'hello' }] };

/** A reply the test releases by hand, plus a promise for the abort signal the server passed along. */
function heldReply() {
  let release!: (reply: ScriptedReply) => void;
  let markStarted!: (signal: AbortSignal) => void;
  const reply = new Promise<ScriptedReply>((resolve) => (release = resolve));
  const started = new Promise<AbortSignal>((resolve) => (markStarted = resolve));
  return { reply, started, release, markStarted };
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
}

describe('server lifecycle', () => {
  it('survives a client abort while a reply is held open, and keeps serving', async () => {
    const held = heldReply();
    server = await startOfflineModel({
      script: (_request, { index, signal }) => {
        if (index > 0) return { content: 'still alive' };
        held.markStarted(signal);
        return held.reply;
      },
    });
    const client = clientFor(server);
    const controller = new AbortController();
    const pending = client.chat.completions.create(ask, { signal: controller.signal });

    const signal = await held.started;
    expect(signal.aborted).toBe(false);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await aborted(signal);
    expect(signal.aborted).toBe(true);

    // Resolving after the client left must not write to the closed socket or crash the process.
    held.release({ content: 'too late' });
    await new Promise((resolve) => setTimeout(resolve, 20));

    const next = await client.chat.completions.create(ask);
    expect(next.choices[0]?.message.content).toBe('still alive');
  });

  it('survives a client abort in the middle of a stream', async () => {
    server = await startOfflineModel({ script: [{ content: 'x'.repeat(5000) }, { content: 'next' }] });
    const client = clientFor(server);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ ...ask, stream: true }, { signal: controller.signal });
    let received = 0;
    for await (const _chunk of stream) {
      received += 1;
      if (received === 3) {
        controller.abort();
        break;
      }
    }

    expect(received).toBe(3);
    expect((await client.chat.completions.create(ask)).choices[0]?.message.content).toBe('next');
  });

  it('close() resolves promptly with an idle keep-alive connection open', async () => {
    server = await startOfflineModel({ script: [{ content: 'a' }] });
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server!.baseURL}/models`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    // The SDK's fetch also keeps its connection alive.
    await clientFor(server).chat.completions.create(ask);

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    agent.destroy();
    server = undefined;
  });

  it('close() resolves promptly with a request held open, failing that request', async () => {
    const held = heldReply();
    server = await startOfflineModel({
      script: (_request, { signal }) => {
        held.markStarted(signal);
        return held.reply;
      },
    });
    const pending = clientFor(server).chat.completions.create(ask);
    const signal = await held.started;

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(pending).rejects.toBeInstanceOf(APIConnectionError);
    await aborted(signal);
    expect(signal.aborted).toBe(true);
    await server.close(); // idempotent
    server = undefined;
  });

  it('listens on an ephemeral loopback port by default', async () => {
    server = await startOfflineModel({ script: [] });
    const other = await startOfflineModel({ script: [] });
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(other.port).not.toBe(server.port);
      expect(new URL(server.baseURL).hostname).toBe('127.0.0.1');
    } finally {
      await other.close();
    }
  });
});

describe('other endpoints', () => {
  it('lists the configured model at GET /v1/models', async () => {
    server = await startOfflineModel({ modelName: 'my-offline' });
    const models = [];
    for await (const model of clientFor(server).models.list()) models.push(model);
    expect(models).toEqual([{ id: 'my-offline', object: 'model', created: expect.any(Number), owned_by: 'toolcycle' }]);
  });

  it('defaults the model name to toolcycle-offline', async () => {
    server = await startOfflineModel();
    const model = await clientFor(server).models.retrieve('x').catch((error: unknown) => error);
    expect(model).toBeInstanceOf(NotFoundError);
    const page = await clientFor(server).models.list();
    expect(page.data.map((m) => m.id)).toEqual(['toolcycle-offline']);
  });

  it('answers unknown routes with a 404 OpenAI error', async () => {
    server = await startOfflineModel({ script: [] });
    const error = await expectApiError(clientFor(server).embeddings.create({ model: 'e', input: 'x' }), 404);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toContain('Invalid URL (POST /v1/embeddings)');
    expect(server.requests).toHaveLength(0);
  });

  it('accepts any bearer token, or none', async () => {
    server = await startOfflineModel({ script: [{ content: 'a' }] });
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_offline/);
  });
});
