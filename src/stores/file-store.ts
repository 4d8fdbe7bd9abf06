import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreConflictError } from '../conversation/errors.js';
import type { SessionSnapshot } from '../session/session-snapshot.js';
import type { SessionStore, StoredSession } from '../session/session-store.js';

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

/**
 * One JSON file per session in a folder. A save writes a temporary file, fsyncs it, renames it over
 * the old one and fsyncs the folder, so a crash at any instant leaves either the old file or the new
 * one, never half of one. A lock file (created exclusively) makes read-compare-write one step, so two
 * processes saving the same session cannot overwrite each other.
 */
export function createFileStore(directory: string): SessionStore {
  const pathOf = (sessionId: string) => join(directory, `${fileNameOf(sessionId)}.json`);
  let ready: Promise<unknown> | undefined;
  const ensureDirectory = () => (ready ??= mkdir(directory, { recursive: true }));

  const read = async (sessionId: string): Promise<StoredSession | undefined> => {
    try {
      return JSON.parse(await readFile(pathOf(sessionId), 'utf8')) as StoredSession;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };

  return {
    load: read,
    async save(sessionId: string, snapshot: SessionSnapshot, expectedVersion: number) {
      await ensureDirectory();
      const path = pathOf(sessionId);
      const release = await lock(`${path}.lock`);
      try {
        const current = (await read(sessionId))?.version ?? 0;
        if (current !== expectedVersion) {
          throw new StoreConflictError(
            `Session ${sessionId} was saved by someone else (version ${current}, expected ${expectedVersion}).`,
            sessionId,
            expectedVersion,
          );
        }
        const version = expectedVersion + 1;
        const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        const file = await open(temporary, 'w');
        try {
          await file.writeFile(JSON.stringify({ version, snapshot } satisfies StoredSession));
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temporary, path);
        await syncDirectory(directory);
        return version;
      } finally {
        await release();
      }
    },
    async delete(sessionId: string) {
      await rm(pathOf(sessionId), { force: true });
    },
  };
}

/** Any id as a file name: escaped, and shortened with a hash where a file system would refuse its length. */
function fileNameOf(sessionId: string): string {
  const escaped = encodeURIComponent(sessionId);
  if (escaped.length <= 120) return escaped;
  return `${escaped.slice(0, 60)}~${createHash('sha256').update(sessionId).digest('hex').slice(0, 32)}`;
}

/**
 * An exclusive lock file holding its owner's host and pid. One left by a process that died (a crash
 * inside a save) is taken over at once when that process is gone from this host, and after
 * `LOCK_STALE_MS` otherwise (another host, on a shared folder).
 */
async function lock(path: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const owner = `${hostname()} ${process.pid}`;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    // Written first, then linked into place: the lock never exists without its owner in it.
    const candidate = `${path}.${randomBytes(6).toString('hex')}`;
    await writeFile(candidate, owner);
    try {
      await link(candidate, path);
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isAbandoned(path)) await unlink(path).catch(() => undefined);
      else if (Date.now() > deadline) throw new Error(`Timed out waiting for the session lock ${path}.`);
      else await new Promise((resolve) => setTimeout(resolve, wait));
    } finally {
      await unlink(candidate).catch(() => undefined);
    }
  }
}

async function isAbandoned(path: string): Promise<boolean> {
  const [held, age] = await Promise.all([
    readFile(path, 'utf8').catch(() => ''),
    stat(path).then((info) => Date.now() - info.mtimeMs, () => 0),
  ]);
  const [host, pid] = held.split(' ');
  if (host === hostname() && pid !== undefined && !isRunning(Number(pid))) return true;
  return age > LOCK_STALE_MS;
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
