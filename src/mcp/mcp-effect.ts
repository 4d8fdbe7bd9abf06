import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ToolEffect } from '../conversation/tool-call-record.js';

/**
 * What an MCP tool's annotations say about its effect, in toolcycle's terms. MCP's hints default to
 * "may write, destructive, not idempotent", so only an explicit claim earns a weaker effect:
 * - `readOnlyHint: true` → `read_only`;
 * - `idempotentHint: true` with `destructiveHint: false` → `idempotent` (MCP defines idempotence
 *   for the same arguments, which is what a re-run on resume sends);
 * - no effect hint at all → `unspecified`, like a `defineTool` that declares nothing: it runs
 *   alongside other calls and is never re-run on resume;
 * - any other combination (the server says it writes) → `write_once`: in the model's order, never twice.
 * Hints come from the server; pass `effect` to `mcpTools` to overrule a server you do not trust.
 */
export function effectFromAnnotations(annotations: ToolAnnotations | undefined): ToolEffect {
  const { readOnlyHint, destructiveHint, idempotentHint } = annotations ?? {};
  if (readOnlyHint === true) return 'read_only';
  if (idempotentHint === true && destructiveHint === false) return 'idempotent';
  if (readOnlyHint === undefined && destructiveHint === undefined && idempotentHint === undefined) return 'unspecified';
  return 'write_once';
}
