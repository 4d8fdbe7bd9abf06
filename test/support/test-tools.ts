import { z } from 'zod';
import { defineTool, type ToolSpec } from '../../src/index.js';

/** Small tools whose behaviour each test controls. */
export function echoTool(
  name = 'echo',
  execute: (args: { text: string }) => unknown = ({ text }) => ({ echoed: text }),
  declared: Pick<ToolSpec<z.ZodObject, unknown>, 'effect' | 'needsApproval' | 'maxOutputChars' | 'timeoutMs'> = {},
) {
  return defineTool({
    name,
    description: `Echoes its text (${name}).`,
    parameters: z.object({ text: z.string() }),
    execute: (args) => execute(args),
    ...declared,
  });
}
