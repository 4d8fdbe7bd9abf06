/** The durable benchmark's tool, for its worker processes (`--tools`) and its in-memory sessions alike: it waits, and returns. */
import { z } from 'zod';
import { defineTool, type Tool } from '../src/index.js';

export const tools: Tool[] = [
  defineTool({
    name: 'wait',
    description: 'Waits for ms milliseconds, like a call to a slow service.',
    parameters: z.object({ ms: z.number().int().min(0) }),
    effect: 'read_only',
    execute: async ({ ms }) => {
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      return { waited: ms };
    },
  }) as Tool,
];
