import { ToolListChangedNotificationSchema, type Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import { describeThrown } from '../conversation/describe-thrown.js';
import { InvalidOptionsError } from '../conversation/errors.js';
import type { ToolEffect } from '../conversation/tool-call-record.js';
import { TOOL_NAME_PATTERN } from '../tool-definition/define-tool.js';
import { timeoutProblem } from '../tool-definition/limits.js';
import type { ToolCollection } from '../tool-definition/tool-collection.js';
import { BrokenPagingError, listAllTools } from './list-all-tools.js';
import { isTransportFailure } from './mcp-call-failure.js';
import { createArgumentsCheckers } from './mcp-arguments-checker.js';
import { McpLink, type McpConnection } from './mcp-connection.js';
import { effectFromAnnotations } from './mcp-effect.js';
import { assignToolNames, prefixFromServerName } from './mcp-tool-names.js';
import { mcpTool, type McpTool } from './mcp-tool.js';

export interface McpToolsOptions {
  /**
   * Put before every tool name (`<prefix>_<name>`), so two servers' `search` tools stay apart.
   * Default: from the server's name (`@acme/notes-server` → `notes-server`); `''` for none.
   */
  prefix?: string;
  /** Which of the server's tools to offer. Default: all. */
  filter?: (tool: McpToolDefinition) => boolean;
  /** Abort a call after this long, in ms (Infinity: never). Default: the session's `toolTimeoutMs`. */
  timeoutMs?: number;
  /** Ask a person before each call: for every tool, or decided per tool. Default false. */
  needsApproval?: boolean | ((tool: McpToolDefinition) => boolean);
  /** Overrules what the server's annotations say (see `effectFromAnnotations`); undefined keeps it. */
  effect?: (tool: McpToolDefinition) => ToolEffect | undefined;
}

/** A server tool that is not offered to the model, and why. */
export interface SkippedMcpTool {
  name: string;
  reason: string;
}

export interface McpToolCollection extends ToolCollection {
  current(): Promise<readonly McpTool[]>;
  /** The server's tools that the last listing could not offer (a task-only tool, an unreadable schema). */
  readonly skipped: readonly SkippedMcpTool[];
  /** Ends the connection (and stops the child process); a `Client` passed in is left to its owner. */
  close(): Promise<void>;
}

/**
 * An MCP server's tools as a toolcycle tool collection, for a session's `tools`. The tools are listed
 * (every page) when a turn first needs them and kept until the server announces a change
 * (`notifications/tools/list_changed`) or the connection is made again; a turn keeps the set it
 * started with. When a listing fails, the last known tools are offered again and the next turn
 * tries anew; a dropped stdio or HTTP connection is opened again on the next use.
 */
export function mcpTools(connection: McpConnection, options: McpToolsOptions = {}): McpToolCollection {
  checkConnection(connection);
  checkOptions(options);
  let known: readonly McpTool[] | undefined;
  let skipped: readonly SkippedMcpTool[] = [];
  let stale = true;
  let listedOn = -1;
  let listing: Promise<readonly McpTool[]> | undefined;
  let closed = false;

  const link = new McpLink(connection, (client) =>
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      stale = true;
    }),
  );

  const list = async (): Promise<readonly McpTool[]> => {
    const client = await link.connected();
    const generation = link.generation;
    // Cleared before asking: a change announced while the answer is on its way lists again next time.
    stale = false;
    try {
      const built = buildTools(await listAllTools(client), link, options);
      known = built.tools;
      skipped = built.skipped;
      listedOn = generation;
      return built.tools;
    } catch (error) {
      stale = true;
      // A server that answered with an error keeps its connection (and a stdio server its state).
      if (!(error instanceof BrokenPagingError) && isTransportFailure(error)) link.drop(client);
      throw error;
    }
  };

  return {
    kind: 'tool-collection',
    get name() {
      return link.serverName ?? link.describe();
    },
    get skipped() {
      return skipped;
    },
    async current() {
      if (closed) return [];
      if (known && !stale && link.isOpen && listedOn === link.generation) return known;
      listing ??= list().finally(() => (listing = undefined));
      try {
        const tools = await listing;
        return closed ? [] : tools;
      } catch (error) {
        if (closed) return [];
        if (known) return known;
        throw error;
      }
    },
    async close() {
      closed = true;
      await link.close();
    },
  };
}

function buildTools(listed: readonly McpToolDefinition[], link: McpLink, options: McpToolsOptions) {
  const server = link.serverName ?? link.describe();
  const skipped: SkippedMcpTool[] = [];
  const unique = new Map<string, McpToolDefinition>();
  for (const tool of listed) {
    if (unique.has(tool.name)) skipped.push({ name: tool.name, reason: 'the server lists it more than once; the first listing is used' });
    else unique.set(tool.name, tool);
  }
  // The caller's functions run per tool: one that throws or answers nonsense costs that tool, not the rest.
  const decisions = new Map<McpToolDefinition, { effect: ToolEffect; needsApproval: boolean }>();
  for (const tool of unique.values()) {
    try {
      if (options.filter && options.filter(tool) !== true) continue;
      const effect = options.effect?.(tool) ?? effectFromAnnotations(tool.annotations);
      if (!EFFECTS.includes(effect)) throw new Error(`effect returned ${JSON.stringify(effect)}, not one of ${EFFECTS.join(', ')}`);
      const needsApproval = typeof options.needsApproval === 'function' ? options.needsApproval(tool) === true : options.needsApproval === true;
      decisions.set(tool, { effect, needsApproval });
    } catch (error) {
      skipped.push({ name: tool.name, reason: `the mcpTools options failed for it: ${describeThrown(error).message}` });
    }
  }
  const names = assignToolNames(
    [...decisions.keys()].map((tool) => tool.name),
    options.prefix ?? prefixFromServerName(server),
  );
  const checkers = createArgumentsCheckers();
  const tools: McpTool[] = [];
  for (const [listing, decision] of decisions) {
    const built = mcpTool(listing, { ...decision, name: names.get(listing.name)!, server, timeoutMs: options.timeoutMs, link, checkers });
    if ('skipped' in built) skipped.push({ name: listing.name, reason: built.skipped });
    else tools.push(built);
  }
  return { tools, skipped };
}

const EFFECTS: readonly unknown[] = ['read_only', 'idempotent', 'write_once', 'unspecified'] satisfies ToolEffect[];

function checkConnection(connection: unknown): asserts connection is McpConnection {
  const candidate = connection as Partial<Record<'command' | 'url' | 'callTool', unknown>> | null;
  const valid =
    typeof candidate === 'object' &&
    candidate !== null &&
    (typeof candidate.command === 'string' || isHttpUrl(candidate.url) || typeof candidate.callTool === 'function');
  if (!valid) throw new InvalidOptionsError('mcpTools needs { command, args? }, { url } (http or https) or a connected MCP Client.', 'connection');
}

/** `localhost:3000/mcp` parses as a URL with the scheme `localhost:`: only http(s) reaches a server. */
function isHttpUrl(url: unknown): boolean {
  if (!(url instanceof URL) && !(typeof url === 'string' && URL.canParse(url))) return false;
  return ['http:', 'https:'].includes(new URL(url).protocol);
}

function checkOptions(options: McpToolsOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionsError('mcpTools options must be an object.', 'options');
  const { prefix, filter, timeoutMs, needsApproval, effect } = options;
  if (prefix !== undefined && (typeof prefix !== 'string' || (prefix !== '' && !TOOL_NAME_PATTERN.test(prefix)) || prefix.length > 32)) {
    throw new InvalidOptionsError(`prefix must be '' or at most 32 letters, digits, _ and -; got ${JSON.stringify(prefix)}.`, 'prefix');
  }
  const timeout = timeoutMs === undefined ? undefined : timeoutProblem(timeoutMs);
  if (timeout) throw new InvalidOptionsError(`timeoutMs ${timeout}.`, 'timeoutMs');
  if (filter !== undefined && typeof filter !== 'function') throw new InvalidOptionsError('filter must be a function of the listed tool.', 'filter');
  if (needsApproval !== undefined && typeof needsApproval !== 'boolean' && typeof needsApproval !== 'function') {
    throw new InvalidOptionsError('needsApproval must be a boolean or a function of the listed tool.', 'needsApproval');
  }
  if (effect !== undefined && typeof effect !== 'function') throw new InvalidOptionsError('effect must be a function of the listed tool.', 'effect');
}
