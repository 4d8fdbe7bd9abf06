import { afterEach } from 'vitest';
import { startInspector, type Inspector, type InspectorOptions } from '../../src/inspector/index.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';

const inspectors: Inspector[] = [];
afterEach(async () => {
  await Promise.all(inspectors.splice(0).map((inspector) => inspector.close()));
});

/** An inspector on an ephemeral loopback port, closed after each test. */
export async function testInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const inspector = await startInspector(options);
  inspectors.push(inspector);
  return inspector;
}

/** The model asks for two calls at once, then answers with text that must never become markup. */
export const PARALLEL_TURN: ScriptedReply[] = [
  {
    toolCalls: [
      { id: 'call_a', name: 'echo', arguments: { text: 'Paris' } },
      { id: 'call_b', name: 'echo', arguments: { text: 'Tokyo' } },
    ],
    usage: { prompt_tokens: 40, completion_tokens: 12 },
  },
  { content: 'Both echoed.', usage: { prompt_tokens: 60, completion_tokens: 5 } },
];

export interface SseMessage {
  event: string;
  id: string | undefined;
  data: unknown;
}

/**
 * Reads a server-sent events stream until `done` says so (or `timeoutMs` passes), then closes it.
 * Parses the wire format itself, so the test checks what any EventSource would receive.
 */
export async function readSse(
  url: string,
  done: (messages: SseMessage[]) => boolean,
  init: RequestInit = {},
  timeoutMs = 5000,
): Promise<SseMessage[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const messages: SseMessage[] = [];
  try {
    const response = await fetch(url, { ...init, signal: abort.signal });
    if (!response.body) throw new Error(`no stream from ${url}: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!done(messages)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':'))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        if (fields.has('data'))
          messages.push({ event: fields.get('event') ?? 'message', id: fields.get('id'), data: JSON.parse(fields.get('data')!) });
      }
    }
    return messages;
  } catch (error) {
    if (!abort.signal.aborted) throw error;
    throw new Error(
      `${url} did not deliver what the test waited for within ${timeoutMs} ms; got: ${JSON.stringify(messages.map((m) => m.event))}`,
    );
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
