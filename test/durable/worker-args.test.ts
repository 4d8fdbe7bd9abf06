import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadToolsModule } from '../../src/durable/worker-main.js';
import { parseWorkerArgs, WorkerUsageError } from '../../src/durable/index.js';

/** `toolcycle worker`'s flags: what it runs with, and a usage error (never a crash) for what it cannot. */
describe('toolcycle worker arguments', () => {
  const required = ['--database-url', 'postgres://db', '--worker-id', 'w1'];

  it('reads every flag, with the environment as the fallback for the URLs', () => {
    expect(parseWorkerArgs([...required, '--concurrency', '4', '--global-concurrency', '12', '--heartbeat-ms', '500', '--log-level', 'info'], {})).toMatchObject({
      databaseUrl: 'postgres://db',
      workerId: 'w1',
      concurrency: { perWorker: 4, global: 12 },
      heartbeatMs: 500,
      drainMs: 10_000,
      logLevel: 'info',
      toolsModule: undefined,
    });
    expect(parseWorkerArgs(['--worker-id', 'w1'], { TOOLCYCLE_DATABASE_URL: 'postgres://env', OPENAI_BASE_URL: 'http://model/v1' })).toMatchObject({
      databaseUrl: 'postgres://env',
      baseURL: 'http://model/v1',
      concurrency: undefined,
    });
    expect(parseWorkerArgs(['--help'], {})).toBe('help');
  });

  it.each([
    [['--worker-id', 'w1'], /--database-url/],
    [['--database-url', 'postgres://db'], /--worker-id/],
    [[...required, '--concurrency', '0'], /at least 1/],
    [[...required, '--concurrency', 'four'], /whole number/],
    [[...required, '--global-concurrency', '3'], /needs --concurrency/],
    [[...required, '--log-level', 'loud'], /--log-level/],
    [[...required, '--no-such-flag'], /no-such-flag/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseWorkerArgs(argv, {})).toThrow(WorkerUsageError);
    expect(() => parseWorkerArgs(argv, {})).toThrow(message);
  });

  it('loads a tools module, and refuses one without tools', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toolcycle-tools-'));
    writeFileSync(join(dir, 'empty.mjs'), 'export const other = 1;\n');
    await expect(loadToolsModule(join(dir, 'empty.mjs'))).rejects.toThrow(/no `tools` array/);
    expect((await loadToolsModule(undefined)).tools.map((tool) => tool.name)).toEqual(['get_weather', 'get_time', 'calculate', 'save_note']);
  });
});
