import type { CallToolResult, Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import type { ToolEffect } from '../conversation/tool-call-record.js';
import { MAX_TIMER_MS } from '../tool-definition/limits.js';
import type { JsonSchema } from '../tool-definition/strict-json-schema.js';
import { ToolFailure } from '../tool-definition/tool-failure.js';
import type { Tool } from '../tool-definition/tool.js';
import type { createArgumentsCheckers, McpArguments } from './mcp-arguments-checker.js';
import { callFailure } from './mcp-call-failure.js';
import type { McpLink } from './mcp-connection.js';
import { readToolResult, type McpToolResult } from './mcp-tool-result.js';
import { wireSchema } from './mcp-wire-schema.js';

/** A toolcycle tool whose calls go to an MCP server. */
export interface McpTool extends Tool<McpArguments, McpToolResult> {
  /** The name the server knows the tool by; calls are sent with it. */
  readonly mcpName: string;
  /** The server's name, from its `initialize` answer. */
  readonly server: string;
  /** Why the tool is sent to the model non-strict; null when it is sent strict. */
  readonly strictReason: string | null;
  /** The tool as the server listed it. */
  readonly listing: McpToolDefinition;
}

export interface McpToolSetup {
  /** The wire name, already made valid and unique. */
  name: string;
  server: string;
  effect: ToolEffect;
  needsApproval: boolean;
  timeoutMs: number | undefined;
  link: McpLink;
  checkers: ReturnType<typeof createArgumentsCheckers>;
}

/** The key under `_meta` that carries the call's idempotency key to the server. */
export const IDEMPOTENCY_KEY_META = 'toolcycle/idempotency-key';

/** The tool for one listed MCP tool, or why it cannot be offered. */
export function mcpTool(listing: McpToolDefinition, setup: McpToolSetup): McpTool | { skipped: string } {
  if (listing.execution?.taskSupport === 'required') {
    return { skipped: 'it can only run as an MCP task, which toolcycle does not support' };
  }
  const inputSchema = listing.inputSchema as JsonSchema;
  const { parameters, strict, strictReason } = wireSchema(inputSchema);
  const checker = setup.checkers(inputSchema, strict);
  // A schema we cannot read could also make the API refuse every request that carries it.
  if (typeof checker !== 'function') return { skipped: `its input schema cannot be compiled: ${checker.problem}` };
  const description = listing.description ?? listing.title ?? listing.annotations?.title ?? '';
  const { name, server, link } = setup;

  return {
    name,
    description,
    timeoutMs: setup.timeoutMs,
    effect: setup.effect,
    needsApproval: setup.needsApproval,
    maxOutputChars: undefined,
    origin: `mcp:${server}`,
    definition: {
      type: 'function',
      function: { name, ...(description === '' ? {} : { description }), parameters, strict },
    },
    mcpName: listing.name,
    server,
    strictReason,
    listing,
    checkArguments: checker,
    async execute(args, { signal, idempotencyKey }) {
      let client;
      try {
        client = await link.connected();
      } catch (error) {
        throw callFailure(error, server, listing.name);
      }
      try {
        const result = await client.callTool(
          { name: listing.name, arguments: args, _meta: { [IDEMPOTENCY_KEY_META]: idempotencyKey } },
          undefined,
          // The SDK's own 60 s default would cut calls the session allows longer; toolcycle's timer
          // (the tool's `timeoutMs` or the session's) aborts `signal`, which cancels the call.
          { signal, timeout: MAX_TIMER_MS },
        );
        // Typed as also allowing the 2024-10 `{ toolResult }` shape, which only the SDK's
        // compatibility schema yields; with the default schema it is a CallToolResult.
        return readToolResult(result as CallToolResult, listing.name);
      } catch (error) {
        if (error instanceof ToolFailure) throw error;
        if (signal.aborted) throw signal.reason;
        const failure = callFailure(error, server, listing.name);
        if (failure.kind === 'transport_failed') link.drop(client);
        throw failure;
      }
    },
  };
}
