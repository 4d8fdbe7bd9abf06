import { z } from 'zod';
import { defineTool } from '../../src/index.js';

/** Small tools whose behaviour each test controls. */
export function echoTool(name = 'echo', execute: (args: { text: string }) => unknown = ({ text }) => ({ echoed: text })) {
  return defineTool({
    name,
    description: `Echoes its text (${name}).`,
    parameters: z.object({ text: z.string() }),
    execute: (args) => execute(args),
  });
}
