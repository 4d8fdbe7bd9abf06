import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;

export interface SseStream {
  send(event: string, data: unknown, id?: number): void;
  close(): void;
  readonly closed: boolean;
}

/**
 * A server-sent events response. Heartbeats keep proxies and idle timeouts from cutting the stream;
 * their timer is unref'd so an open page never keeps the process alive.
 */
export function openSseStream(response: ServerResponse, onClose: () => void): SseStream {
  let closed = false;
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  // A reconnecting page comes back quickly; EventSource's default waits 3 s.
  response.write('retry: 1000\n\n');
  const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  response.on('close', finish);
  return {
    send(event, data, id) {
      if (closed) return;
      // JSON.stringify never emits a raw newline, so one `data:` line always holds the whole payload.
      response.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      finish();
      response.end();
    },
    get closed() {
      return closed;
    },
  };
}
