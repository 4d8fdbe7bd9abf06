import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliWorkerSpec {
  databaseUrl: string;
  workerId: string;
  /** The model server the worker's openai client talks to. */
  baseURL: string;
  appName?: string;
  /** The worker's TMPDIR: where the bundled save_note writes. */
  tmpdir: string;
}

/**
 * `toolcycle worker` as a user starts it (`tsx src/cli/main.ts worker …`), with the bundled tools;
 * resolves once it says it is ready, with a function that stops it (SIGTERM) and waits for its exit.
 */
export async function startCliWorker(spec: CliWorkerSpec): Promise<{ stop(): Promise<void> }> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--database-url', spec.databaseUrl, '--worker-id', spec.workerId, '--base-url', spec.baseURL, '--poll-ms', '50'];
  if (spec.appName) args.push('--app-name', spec.appName);
  const worker = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', TMPDIR: spec.tmpdir, OPENAI_API_KEY: 'offline' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`worker ${spec.workerId} ready`)) resolve();
    };
    worker.stdout.on('data', read);
    worker.stderr.on('data', read);
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    async stop() {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    },
  };
}
