import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { ToolDefinitionError } from '../conversation/errors.js';
import type { Tool } from './tool.js';

/**
 * The registered tools of a session. Lookup goes through a Map, so a model asking for `constructor`,
 * `__proto__` or `toString` finds nothing instead of an inherited property.
 */
export interface Toolbox {
  readonly names: readonly string[];
  readonly definitions: readonly ChatCompletionFunctionTool[];
  get(name: string): Tool | undefined;
}

export function createToolbox(tools: readonly Tool[] = []): Toolbox {
  if (!Array.isArray(tools)) throw new ToolDefinitionError('tools must be an array of defineTool(...) results.', undefined);
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (!tool || typeof tool.checkArguments !== 'function' || !tool.definition || typeof tool.execute !== 'function') {
      throw new ToolDefinitionError('Every entry of tools must come from defineTool(...) (or mcpTools(...)).', undefined);
    }
    if (byName.has(tool.name)) {
      throw new ToolDefinitionError(`Tool "${tool.name}" is registered twice; tool names must be unique.`, tool.name);
    }
    byName.set(tool.name, tool);
  }
  const names = [...byName.keys()];
  const definitions = [...byName.values()].map((tool) => tool.definition);
  return { names, definitions, get: (name) => byName.get(name) };
}
