import OpenAI from 'openai';
import { afterEach } from 'vitest';
import { startOfflineModel, type OfflineModelServer, type ScriptedReply, type Responder } from '../../src/offline-model/index.js';

const servers: OfflineModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A scripted offline model on loopback plus a real `openai` client pointed at it; closed after each test. */
export async function scriptedModel(script: ScriptedReply[] | Responder, clientOptions: { maxRetries?: number } = {}) {
  const server = await startOfflineModel({ script });
  servers.push(server);
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test-key', maxRetries: clientOptions.maxRetries ?? 0 });
  return { server, client, bodies: () => server.requests.map((request) => request.body) };
}

/** A promise with its resolve function outside, to hold a tool or a reply open until a test says so. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Resolves once `count` parties have arrived: proves they were running at the same time. */
export function barrier(count: number) {
  let arrived = 0;
  const everyone = deferred();
  return {
    arrive() {
      arrived += 1;
      if (arrived === count) everyone.resolve();
      return everyone.promise;
    },
    get arrived() {
      return arrived;
    },
  };
}
