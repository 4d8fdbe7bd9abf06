/**
 * A PostgreSQL cluster for the durable benchmark, in a temp folder, with the server's default
 * durability (fsync on, synchronous_commit on: the tests' cluster turns fsync off, which would make
 * every checkpoint look cheaper than it is). As root it runs as the `postgres` user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function startBenchPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = ['15', ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [])]
    .map((version) => `/usr/lib/postgresql/${version}/bin`)
    .find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) throw new Error("No PostgreSQL server binaries: install Debian's postgresql package, or pass --database-url.");
  const root = mkdtempSync(join(tmpdir(), 'toolcycle-bench-pg-'));
  const data = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(root, uid, gid);
  }
  const as = (command: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]) : run(join(bin, command), args));
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  await as('pg_ctl', ['-D', data, '-l', join(root, 'log'), '-w', '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'fast', 'stop']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The same database with `synchronous_commit` set for every connection opened through this URL. */
export function withSynchronousCommit(url: string, value: 'on' | 'off'): string {
  return `${url}?options=${encodeURIComponent(`-c synchronous_commit=${value}`)}`;
}
