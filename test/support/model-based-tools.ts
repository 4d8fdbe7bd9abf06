import { z } from 'zod';
import { defineTool, ToolFailure, type Tool, type ToolExecutionContext } from '../../src/index.js';
import type { ToolEffect } from '../../src/conversation/tool-call-record.js';

/**
 * The tools the model-based tests register; the traversal and the replays must agree on them, so
 * both build them here. One tool per effect, one that needs a person's approval, and one that never
 * finishes on its own. Every tool takes `{ query: string }`.
 *
 * Only `slow_lookup` has a limit of its own (short: its calls are the timeout cases, and nothing
 * else races its timer). The others get the session's `toolTimeoutMs`, set far above any test, so
 * a call that waits for the test to release it never times out by accident.
 */
export const TOOL_NAMES = {
  lookup: 'lookup',
  save: 'save',
  send: 'send',
  legacy: 'legacy_action',
  publish: 'publish',
  slow: 'slow_lookup',
} as const;
export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];

/** A name no test registers, for the `unknown_tool` case. */
export const UNKNOWN_TOOL_NAME = 'not_a_tool';
/** For the session: no released call ever gets near it, even on a loaded machine. */
export const GENEROUS_TOOL_TIMEOUT_MS = 10_000;
/** `slow_lookup`'s own limit: short, so each timeout case costs little. */
export const SLOW_TOOL_TIMEOUT_MS = 40;

/** What each tool declares; `legacy_action` declares nothing, like a tool written before effects existed. */
export const TOOL_EFFECTS: Record<ToolName, ToolEffect> = {
  lookup: 'read_only',
  save: 'idempotent',
  send: 'write_once',
  legacy_action: 'unspecified',
  publish: 'write_once',
  slow_lookup: 'read_only',
};

/** Calls of these must never run twice: toolcycle records their start and does not re-run them on resume. */
export function mustRunOnce(effect: ToolEffect): boolean {
  return effect === 'write_once' || effect === 'unspecified';
}

export interface ToolHooks {
  execute(tool: ToolName, args: { query: string }, context: ToolExecutionContext): unknown;
  /**
   * Awaited by `publish`'s approval check before it answers "needs approval", so a test can hold a
   * round in `calling.checking` (to cancel or resume it there) and let it go when it wants.
   */
  approvalCheck(toolCallId: string): Promise<void>;
}

export function modelBasedTools(hooks: ToolHooks): Tool[] {
  const parameters = z.object({ query: z.string() });
  type Extra = { timeoutMs?: number; needsApproval?: Tool<{ query: string }>['needsApproval'] };
  const tool = (name: ToolName, description: string, extra: Extra = {}) => {
    const effect = TOOL_EFFECTS[name];
    return defineTool({
      name,
      description,
      parameters,
      ...(effect === 'unspecified' ? {} : { effect }),
      ...extra,
      execute: (args, context) => hooks.execute(name, args, context),
    }) as Tool;
  };
  return [
    tool(TOOL_NAMES.lookup, 'Looks up a query.'),
    tool(TOOL_NAMES.save, 'Saves a query under its idempotency key.'),
    tool(TOOL_NAMES.send, 'Sends a query; must not happen twice.'),
    tool(TOOL_NAMES.legacy, 'Does something it does not describe.'),
    tool(TOOL_NAMES.publish, 'Publishes a query, once a person agrees.', {
      needsApproval: async (_args, { toolCallId }) => {
        await hooks.approvalCheck(toolCallId);
        return true;
      },
    }),
    tool(TOOL_NAMES.slow, 'Looks up a query, slowly.', { timeoutMs: SLOW_TOOL_TIMEOUT_MS }),
  ];
}

/** The tools as the traversal sees them: names, schemas, effects and approval verdicts, never run. */
export function toolsForTraversal(): Tool[] {
  return modelBasedTools({
    execute: () => {
      throw new Error('the traversal never runs a tool');
    },
    approvalCheck: () => Promise.resolve(),
  });
}

/**
 * What one tool call does when it runs. Settling kinds finish once `release` resolves (a gate the
 * replay opens, or a delay); `hang` never finishes on its own, so only its signal (its timeout, a
 * cancel, the actor stopping) ends it.
 */
export type ToolBehaviour =
  | { kind: 'ok' | 'throw' | 'unserializable' | 'transport_failure'; release: Promise<void> }
  | { kind: 'hang' };

export interface ToolStart {
  id: string;
  tool: ToolName;
}

/**
 * The tools wired to per-call behaviours, plus a record of which calls started (in order), which
 * are still running and which saw their signal abort: what "no tool keeps running" and "no
 * write-once call runs twice" are checked against.
 */
export function createToolHarness(
  behaviourFor: (toolCallId: string, tool: ToolName) => ToolBehaviour,
  approvalCheck: (toolCallId: string) => Promise<void> = () => Promise.resolve(),
) {
  const started: ToolStart[] = [];
  // Counted per call: after a resume, a read-only call's new run may start before its aborted run has ended.
  const runs = new Map<string, number>();
  const running = {
    has: (id: string) => (runs.get(id) ?? 0) > 0,
    ids: () => [...runs.keys()],
  };
  const aborted = new Set<string>();
  let peakRunning = 0;

  const execute = async (tool: ToolName, { query }: { query: string }, { signal, toolCallId }: ToolExecutionContext) => {
    started.push({ id: toolCallId, tool });
    runs.set(toolCallId, (runs.get(toolCallId) ?? 0) + 1);
    peakRunning = Math.max(peakRunning, [...runs.values()].reduce((sum, count) => sum + count, 0));
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
      const behaviour = behaviourFor(toolCallId, tool);
      if (behaviour.kind === 'hang') return await abortedPromise;
      await Promise.race([behaviour.release, abortedPromise]);
      if (behaviour.kind === 'throw') throw new Error(`${tool} failed for ${toolCallId}`);
      if (behaviour.kind === 'transport_failure') throw new ToolFailure('transport_failed', `${tool} lost its connection for ${toolCallId}`);
      // A BigInt has no JSON form: the result must come back to the model as an error.
      if (behaviour.kind === 'unserializable') return { big: 10n };
      return { query, answer: `result for ${toolCallId}` };
    } finally {
      const left = runs.get(toolCallId)! - 1;
      if (left === 0) runs.delete(toolCallId);
      else runs.set(toolCallId, left);
    }
  };

  return {
    tools: modelBasedTools({ execute, approvalCheck }),
    started,
    running,
    aborted,
    /** The most tools that were running at once: 1 shows sequential execution, more shows parallel. */
    get peakRunning() {
      return peakRunning;
    },
    /** Calls of write-once and undeclared tools that were started more than once. */
    ranTwice(): string[] {
      const counts = new Map<string, number>();
      for (const start of started) if (mustRunOnce(TOOL_EFFECTS[start.tool])) counts.set(start.id, (counts.get(start.id) ?? 0) + 1);
      return [...counts].filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count} times)`);
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
