import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response headers a browser client must be able to read: the SDK's retry logic and request ids. */
const EXPOSED_HEADERS = 'x-request-id, x-should-retry, retry-after, retry-after-ms';

/**
 * Lets a page on another loopback origin call the model (the openai SDK in a browser sends
 * `authorization`, `content-type` and `x-stainless-*` headers, so every call is preflighted).
 * Only loopback origins: the model listens on loopback, and an arbitrary website the user
 * happens to visit has no business driving it. Returns true when it answered a preflight.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    res.setHeader('vary', 'Origin');
    if (isLoopbackOrigin(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    }
  }
  if (req.method !== 'OPTIONS') return false;
  if (res.hasHeader('access-control-allow-origin')) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    // Echoed rather than `*`: a wildcard never covers `authorization`.
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('access-control-allow-headers', requested);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204);
  res.end();
  return true;
}

function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname;
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host))
  );
}
