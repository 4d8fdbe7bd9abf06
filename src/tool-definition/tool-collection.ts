import type { Tool } from './tool.js';

/**
 * Tools that may change between turns, such as an MCP server's. A session asks for the current set
 * at the start of every turn and keeps that set for the whole turn, so a call is always checked and
 * run against the tools the model was shown.
 */
export interface ToolCollection {
  readonly kind: 'tool-collection';
  /** Shown in errors and in the trace (e.g. the MCP server's name). */
  readonly name: string;
  /** The tools for the next turn. A collection that cannot reach its source returns the last set it knew. */
  current(): Promise<readonly Tool[]>;
}

export function isToolCollection(entry: unknown): entry is ToolCollection {
  return typeof entry === 'object' && entry !== null && (entry as { kind?: unknown }).kind === 'tool-collection';
}
