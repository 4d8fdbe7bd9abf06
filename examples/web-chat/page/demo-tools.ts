import { defineTool, type Tool } from 'toolcycle';
import { calculate, getTime, getWeather } from 'toolcycle/tools';
import * as z from 'zod';
import { delay } from './delay.js';
import type { Notebook } from './notebook.js';

/** A write the user must approve: the model asks, the page shows Approve / Reject, and only then it runs. */
export function saveNoteTool(notebook: Notebook) {
  return defineTool({
    name: 'save_note',
    description: 'Saves a short note for the user. Needs their approval.',
    parameters: z.object({ text: z.string().min(1).max(500).describe('The note, as the user wants it saved') }),
    effect: 'write_once',
    needsApproval: true,
    execute: ({ text }) => ({ saved: true, text, count: notebook.add(text) }),
  });
}

/**
 * The bundled lookups answer at once; these take `latencyMs` give or take 40% (the same for the
 * same arguments), so two calls running side by side are visible as two overlapping bars.
 */
function withLatency<Args, Result>(tool: Tool<Args, Result>, latencyMs: number): Tool<Args, Result> {
  return {
    ...tool,
    execute: async (args, context) => {
      await delay(Math.round(latencyMs * (0.6 + 0.8 * spread(JSON.stringify(args)))), context.signal);
      return tool.execute(args, context);
    },
  };
}

/** A stable number in [0, 1) for a string (FNV-1a), so the same lookup always takes as long. */
function spread(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
  return (hash >>> 0) / 2 ** 32;
}

export function demoTools(notebook: Notebook, latencyMs: number) {
  return [withLatency(getWeather, latencyMs), withLatency(getTime, latencyMs), calculate, saveNoteTool(notebook)];
}
