import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuzChromium from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/** Debian's package, which CI installs. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Offline and quiet: nothing may leave the machine, and a test run must not depend on a GPU or a
 * sandbox. Playwright adds a fresh `--user-data-dir` per launch (it refuses one in `args`) and
 * deletes it on close.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A lock older than this was left by a killed run: unpacking takes seconds. */
const STALE_LOCK_MS = 120_000;

interface ChromiumExecutable {
  path: string;
  /** Where the path came from, for the error message. */
  origin: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `@sparticuz/chromium` trusts any `/tmp/chromium` it finds, even one another test file is still
 * writing, so parallel test files take turns: `mkdir` is atomic, the directory is the lock.
 */
async function unpackBundledChromium(): Promise<string> {
  const lock = join(tmpdir(), 'toolcycle-chromium-unpack.lock');
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (since > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    return await sparticuzChromium.executablePath();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function findChromium(): Promise<ChromiumExecutable> {
  const chosen = process.env.TOOLCYCLE_CHROMIUM;
  if (chosen) return { path: chosen, origin: 'TOOLCYCLE_CHROMIUM' };
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, origin: 'the system package' };
  const path = await unpackBundledChromium();
  // The package reuses what it unpacked before, even a file cut short by an interrupted run.
  return { path, origin: `the npm package @sparticuz/chromium (delete ${path} to unpack it again)` };
}

/**
 * Headless Chromium for the browser tests, on any machine with Node and npm: `TOOLCYCLE_CHROMIUM`
 * if set, else Debian's `/usr/bin/chromium`, else the Chromium inside the `@sparticuz/chromium` dev
 * dependency. Never downloads anything. Fails with the reason when no browser starts: a browser
 * test that cannot run must not pass by skipping.
 */
export async function launchChromium(): Promise<Browser> {
  const executable = await findChromium();
  if (!existsSync(executable.path))
    throw new Error(`Chromium from ${executable.origin} is not at ${executable.path}.`);
  try {
    return await chromium.launch({ executablePath: executable.path, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Chromium from ${executable.origin} (${executable.path}) did not start. Point TOOLCYCLE_CHROMIUM at a working Chromium` +
        ` or install one (apt-get install -y chromium).\n${reason}`,
    );
  }
}
