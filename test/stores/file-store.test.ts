import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileStore } from '../../src/stores/index.js';
import { storeContract } from './store-contract.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'toolcycle-store-'));

describe('the file store', () => {
  storeContract(() => createFileStore(tempDir()));

  it('never leaves half a file: a writer killed at any instant leaves the old version or the new one', { timeout: 30_000 }, async () => {
    const directory = tempDir();
    const writer = fileURLToPath(new URL('./fixtures/endless-writer.ts', import.meta.url));
    let versions = 0;
    for (const delay of [0, 1, 3, 7, 13, 29, 41]) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, directory], { stdio: ['ignore', 'pipe', 'ignore'] });
      // Killed some milliseconds after its first save, that is, anywhere inside a later one.
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const stored = await createFileStore(directory).load('endless');
      expect(stored!.version).toBeGreaterThan(versions);
      expect(stored!.snapshot.context.messages.at(-1)).toMatchObject({ role: 'user', content: `message ${stored!.version}` });
      versions = stored!.version;
    }
    // What a killed writer leaves behind is at most a temp file and a lock, never a second session file.
    expect(readdirSync(directory).filter((name) => name.endsWith('.json'))).toEqual(['endless.json']);
  });
});
