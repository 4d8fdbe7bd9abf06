import type { Server, ServerResponse } from 'node:http';

/**
 * What responses advertise in `Keep-Alive: timeout=…`. Clients retire an idle connection a little
 * before it (undici, behind Node's fetch and so the openai SDK: 2 s before; Node's http agent: 1 s).
 */
const ADVERTISED_KEEP_ALIVE_SECONDS = 5;

/**
 * How long an idle connection really stays open: far beyond what is advertised. A client retires a
 * connection by its own timer, and under load (hundreds of sessions in one process) that timer runs
 * late; if the server closed on time it could close a connection the client just sent a request on,
 * which the client sees as "other side closed". Node's own margin past the advertised value is 1 s.
 */
const IDLE_CONNECTION_TIMEOUT_MS = 30_000;

export function configureKeepAlive(server: Server): void {
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  // Older Node versions counted an idle keep-alive gap against the next request's headers timeout.
  server.headersTimeout = IDLE_CONNECTION_TIMEOUT_MS + 30_000;
}

/** Node advertises `keepAliveTimeout` itself unless a response already carries a Keep-Alive header. */
export function advertiseKeepAlive(res: ServerResponse): void {
  res.setHeader('keep-alive', `timeout=${ADVERTISED_KEEP_ALIVE_SECONDS}`);
}
