import { delay } from './delay.js';

/**
 * `fetch` for the openai SDK that hands over a streamed reply one server-sent event at a time,
 * `paceMs` apart. The offline model writes a whole answer in a millisecond; paced, the page shows
 * it arriving the way a real model's does. Everything else passes through untouched.
 */
export function pacedFetch(paceMs: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const streamed = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    if (paceMs === 0 || !streamed || !response.body) return response;
    return new Response(paceEvents(response.body, paceMs, init?.signal ?? undefined), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function paceEvents(body: ReadableStream<Uint8Array>, paceMs: number, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const ready: string[] = [];
  let partial = '';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (ready.length === 0) {
        const { done, value } = await reader.read();
        if (done) {
          if (partial !== '') ready.push(partial);
          partial = '';
          if (ready.length === 0) return controller.close();
          break;
        }
        const events = (partial + decoder.decode(value, { stream: true })).split('\n\n');
        partial = events.pop() ?? '';
        ready.push(...events.map((event) => `${event}\n\n`));
      }
      await delay(paceMs, signal);
      controller.enqueue(encoder.encode(ready.shift()));
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
