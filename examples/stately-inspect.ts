/**
 * The `@statelyai/inspect` route: any XState inspector plugs into `createSession({ inspect })`.
 * This one sends a turn's inspection events to a WebSocket inspector server.
 *
 *   npx tsx examples/stately-inspect.ts [ws://127.0.0.1:8080]
 *
 * A server to receive them: `createInspectorServer()` from `@statelyai/inspect/server` (its page
 * embeds the Stately UI from stately.ai, so viewing needs internet), or any WebSocket server.
 * For a fully offline view, use toolcycle's own inspector instead: `npm run inspect`.
 */
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createWebSocketInspector } from '@statelyai/inspect';
import OpenAI from 'openai';
import { createSession, type TurnResult } from '../src/index.js';
import { startOfflineModel } from '../src/offline-model/index.js';
import { bundledTools } from '../tools/index.js';

/** Whether anything accepts connections at the WebSocket URL's host and port. */
function isListening(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function runWithStatelyInspector(
  url: string,
  question = 'What is the weather in Paris and in Tokyo?',
): Promise<TurnResult> {
  // createWebSocketInspector retries a missing server every 5 s, forever, even after stop():
  // with nothing listening, the process would never exit. Check first.
  if (!(await isListening(new URL(url)))) throw new Error(`No inspector server is listening at ${url}.`);

  const inspector = createWebSocketInspector({ url });
  const model = await startOfflineModel();
  try {
    const session = createSession({
      client: new OpenAI({ baseURL: model.baseURL, apiKey: 'offline' }),
      model: 'toolcycle-offline',
      tools: bundledTools,
      inspect: inspector.inspect,
    });
    const result = await session.ask(question);
    session.actor.stop();
    return result;
  } finally {
    // The inspector hands events over on a zero-delay timer; let the last ones out before closing.
    await new Promise((resolve) => setTimeout(resolve, 100));
    inspector.stop();
    await model.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? 'ws://127.0.0.1:8080';
  runWithStatelyInspector(url).then(
    (result) => console.log(`Sent the turn's inspection events to ${url}.\n\n${result.content}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
