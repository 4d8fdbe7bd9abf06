import { z } from 'zod';
import { defineTool, type Tool } from '../../src/index.js';

/**
 * The tools the model-based tests register; the traversal and the replays must agree on them.
 * `lookup` has no limit of its own: the session's `toolTimeoutMs`, set far above any test, applies,
 * so a call that waits for the test to release it never times out by accident. `slow_lookup` never
 * finishes and has a short limit: its calls are the timeout cases, and nothing else races its timer.
 */
export const LOOKUP_TOOL_NAME = 'lookup';
export const SLOW_TOOL_NAME = 'slow_lookup';
/** A name no test registers, for the `unknown_tool` case. */
export const UNKNOWN_TOOL_NAME = 'not_a_tool';
/** For the session: no released call ever gets near it, even on a loaded machine. */
export const GENEROUS_TOOL_TIMEOUT_MS = 10_000;
/** `slow_lookup`'s own limit: short, so each timeout case costs little. */
export const SLOW_TOOL_TIMEOUT_MS = 40;

type Execute = (args: { query: string }, context: { signal: AbortSignal; toolCallId: string }) => unknown;

export function lookupTools(execute: Execute): Tool[] {
  const parameters = z.object({ query: z.string() });
  return [
    defineTool({ name: LOOKUP_TOOL_NAME, description: 'Looks up a query.', parameters, execute }),
    defineTool({
      name: SLOW_TOOL_NAME,
      description: 'Looks up a query, slowly.',
      parameters,
      timeoutMs: SLOW_TOOL_TIMEOUT_MS,
      execute,
    }),
  ] as Tool[];
}

/**
 * What one tool call does when it runs. Settling kinds finish once `release` resolves (a gate the
 * replay opens, or a delay); `hang` never finishes on its own, so only its signal (its timeout, a
 * cancel, the actor stopping) ends it.
 */
export type ToolBehaviour = { kind: 'ok' | 'throw' | 'unserializable'; release: Promise<void> } | { kind: 'hang' };

/**
 * Both tools wired to per-call behaviours, plus a record of which calls started, which are still
 * running and which saw their signal abort: what "no tool keeps running" is checked against.
 */
export function createToolHarness(behaviourFor: (toolCallId: string) => ToolBehaviour) {
  const started: string[] = [];
  const running = new Set<string>();
  const aborted = new Set<string>();
  let peakRunning = 0;

  const tools = lookupTools(async ({ query }, { signal, toolCallId }) => {
    started.push(toolCallId);
    running.add(toolCallId);
    peakRunning = Math.max(peakRunning, running.size);
    const abortedPromise = new Promise<never>((_resolve, reject) => {
      const onAbort = () => {
        aborted.add(toolCallId);
        reject(signal.reason);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    // The race below may end before this promise is looked at; its rejection is expected.
    abortedPromise.catch(() => undefined);
    try {
      const behaviour = behaviourFor(toolCallId);
      if (behaviour.kind === 'hang') return await abortedPromise;
      await Promise.race([behaviour.release, abortedPromise]);
      if (behaviour.kind === 'throw') throw new Error(`lookup failed for ${toolCallId}`);
      // A BigInt has no JSON form: the result must come back to the model as an error.
      if (behaviour.kind === 'unserializable') return { big: 10n };
      return { query, answer: `result for ${toolCallId}` };
    } finally {
      running.delete(toolCallId);
    }
  });

  return {
    tools,
    started,
    running,
    aborted,
    /** The most tools that were running at once: 1 shows sequential execution, more shows parallel. */
    get peakRunning() {
      return peakRunning;
    },
  };
}

export type ToolHarness = ReturnType<typeof createToolHarness>;

export function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** One macrotask: long enough for settled promises to run their continuations, far shorter than any timeout. */
export function nextTick() {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
