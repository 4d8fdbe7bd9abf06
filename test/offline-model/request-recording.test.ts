import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineModel, type OfflineModelOptions, type OfflineModelServer } from '../../src/offline-model/index.js';
import { clientFor } from './support.js';

let server: OfflineModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends `count` requests numbered from 1 in their user message, one after another; returns the numbers recorded. */
async function recordedAfter(count: number, options: OfflineModelOptions): Promise<string[]> {
  server = await startOfflineModel(options);
  const client = clientFor(server);
  for (let n = 1; n <= count; n += 1) {
    await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: `request ${n}` }] });
  }
  return server.requests.map((request) => String(request.body.messages[0]?.content));
}

const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `request ${from + i}`);
const answerAll = () => ({ content: 'ok' });

describe('request recording', () => {
  it('keeps every request in scripted mode by default', async () => {
    expect(await recordedAfter(120, { script: answerAll })).toEqual(numbered(1, 120));
  });

  it('keeps only the last 100 in demo mode by default', async () => {
    expect(await recordedAfter(102, {})).toEqual(numbered(3, 102));
  });

  it('keeps the last N with recordRequests: N, and none with false or 0', async () => {
    expect(await recordedAfter(5, { script: answerAll, recordRequests: 2 })).toEqual(['request 4', 'request 5']);
    await server?.close();
    expect(await recordedAfter(3, { script: answerAll, recordRequests: false })).toEqual([]);
    await server?.close();
    expect(await recordedAfter(3, { script: answerAll, recordRequests: 0 })).toEqual([]);
    await server?.close();
    expect(await recordedAfter(102, { recordRequests: true })).toEqual(numbered(1, 102));
  });

  it('refuses a recordRequests that is not a count', async () => {
    await expect(startOfflineModel({ script: [], recordRequests: -1 })).rejects.toThrow(RangeError);
    await expect(startOfflineModel({ script: [], recordRequests: 2.5 })).rejects.toThrow(/whole number/);
  });
});
