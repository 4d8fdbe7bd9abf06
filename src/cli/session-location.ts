import { basename, dirname, join, resolve } from 'node:path';
import { createFileStore, createPostgresStore, type SessionStore } from '../stores/index.js';
import { CliUsageError } from './cli-usage-error.js';

/** Where `--session` keeps the conversation. */
export type SessionLocation =
  | { kind: 'file'; file: string; directory: string; sessionId: string }
  | { kind: 'postgres'; connectionString: string; sessionId: string; shown: string };

/** A PostgreSQL URL without `#name` keeps its conversation under this id. */
export const DEFAULT_POSTGRES_SESSION_ID = 'toolcycle-chat';

/**
 * `--session chat.json` is the file store's file for the session id "chat" (`.json` is added when
 * missing), so the file on disk is exactly the one named. The file store escapes ids into file
 * names, so a name it would change is refused rather than saved somewhere else.
 * `--session postgres://…#name` is the PostgreSQL store, session id `name`.
 */
export function parseSessionLocation(value: string): SessionLocation {
  if (value.trim() === '') throw new CliUsageError('--session needs a file name or a postgres:// URL');
  if (/^postgres(?:ql)?:\/\//i.test(value)) return postgresLocation(value);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new CliUsageError(`--session takes a file name or a postgres:// URL, got "${value}"`);
  const path = resolve(value);
  const sessionId = basename(path).replace(/\.json$/i, '');
  if (sessionId === '' || value.endsWith('/') || encodeURIComponent(sessionId) !== sessionId || sessionId.length > 120) {
    throw new CliUsageError(
      `--session needs a file name made of letters, digits and - _ . ! ~ * ' ( ) (it names the session), got "${basename(value) || value}"`,
    );
  }
  const directory = dirname(path);
  return { kind: 'file', file: join(directory, `${sessionId}.json`), directory, sessionId };
}

function postgresLocation(value: string): SessionLocation {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliUsageError(`--session is not a valid PostgreSQL URL: "${value}"`);
  }
  const sessionId = decodeURIComponent(url.hash.slice(1)) || DEFAULT_POSTGRES_SESSION_ID;
  url.hash = '';
  const connectionString = url.href;
  if (url.password) url.password = '***';
  return { kind: 'postgres', connectionString, sessionId, shown: url.href };
}

export function openSessionStore(location: SessionLocation): SessionStore {
  return location.kind === 'file' ? createFileStore(location.directory) : createPostgresStore({ connectionString: location.connectionString });
}

/** How messages name the place: the file, or the URL without its password. */
export function describeLocation(location: SessionLocation): string {
  return location.kind === 'file' ? location.file : `${location.shown}#${location.sessionId}`;
}
