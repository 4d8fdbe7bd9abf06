import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ScriptedReply } from '../../src/offline-model/index.js';
import { postgresUrl } from '../support/postgres.js';
import { scriptedModel } from '../support/scripted-model.js';
import { runChild, startChild } from './fixtures/child-process.js';
import { runsIn } from './fixtures/effect-tools.js';

/**
 * A real SIGKILL of a process in the middle of a turn, at several points, and the conversation
 * continued by another process from the store: the history is valid, read-only and idempotent calls
 * are run again, and a write-once call never runs twice.
 */

const CALLS = [
  { name: 'lookup', text: 'block-lookup' },
  { name: 'charge', text: 'block-charge' },
];

/** The model's answer depends only on the conversation; its final answer waits for `<log>.block-answer`. */
function model(log: string) {
  return async (request: ChatCompletionCreateParams): Promise<ScriptedReply> => {
    if (request.messages.at(-1)!.role === 'user') {
      return { toolCalls: CALLS.map((call, index) => ({ id: `call_${index}`, name: call.name, arguments: { text: call.text } })) };
    }
    while (!existsSync(`${log}.block-answer`)) await new Promise((resolve) => setTimeout(resolve, 10));
    return { content: 'all done' };
  };
}

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const KILL_POINTS = [
  { name: 'while a read-only call runs', release: [], killWhen: (runs: string[]) => runs.includes('lookup') },
  { name: 'while a write-once call runs', release: ['block-lookup'], killWhen: (runs: string[]) => runs.includes('charge') },
  { name: 'while the last request is in flight', release: ['block-lookup', 'block-charge'], killWhen: (_runs: string[], requests: number) => requests >= 2 },
] as const;

const postgres = postgresUrl();
const stores = [
  { name: 'the file store', where: () => mkdtempSync(join(tmpdir(), 'toolcycle-crash-')) },
  ...(postgres.url ? [{ name: 'PostgreSQL', where: () => postgres.url! }] : []),
];

describe.each(stores)('killed with SIGKILL, continued from $name', ({ where }) => {
  it.each(KILL_POINTS)('$name', { timeout: 60_000 }, async ({ release, killWhen }) => {
    const log = join(mkdtempSync(join(tmpdir(), 'toolcycle-crash-log-')), 'runs.jsonl');
    const { server } = await scriptedModel(model(log));
    const store = where();
    const sessionId = `crash-${crypto.randomUUID()}`;
    const env = { TOOLCYCLE_BASE_URL: server.baseURL, TOOLCYCLE_TOOL_LOG: log };
    for (const file of release) writeFileSync(`${log}.${file}`, '');

    const victim = startChild(['run', store, sessionId, 'go'], env);
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    await until(() => killWhen(runsIn(log).map((run) => run.tool), server.requests.length), 'the kill point');
    victim.kill('SIGKILL');
    await exited;

    // Everything may go on now; a second process takes the conversation from the store.
    for (const file of ['block-lookup', 'block-charge', 'block-answer']) writeFileSync(`${log}.${file}`, '');
    const survivor = await runChild(['continue', store, sessionId], env);
    expect(survivor.error).toBeUndefined();
    expect(survivor.result).toMatchObject({ content: 'all done', stopReason: 'stop' });
    expect(findConversationProblem(survivor.messages)).toBeUndefined();

    const runs = runsIn(log);
    expect(runs.filter((run) => run.tool === 'charge').length).toBeLessThanOrEqual(1);
    const answers = survivor.messages!.filter((message) => (message as { role: string }).role === 'tool') as { tool_call_id: string; content: string }[];
    expect(answers.map((answer) => answer.tool_call_id)).toEqual(['call_0', 'call_1']);
    const charged = runs.find((run) => run.tool === 'charge');
    if (charged?.pid === victim.pid && answers[1]!.content !== 'charge:block-charge') {
      // It was running in the process that died, its result never saved: answered as interrupted, not run again.
      expect(JSON.parse(answers[1]!.content)).toMatchObject({ error: { kind: 'interrupted' } });
    } else {
      expect(answers[1]!.content).toBe('charge:block-charge');
    }
    // Every request the strict server got was one the API accepts (the server answers 400 otherwise).
    for (const request of server.requests) expect(findConversationProblem(request.body.messages)).toBeUndefined();
  });
});
