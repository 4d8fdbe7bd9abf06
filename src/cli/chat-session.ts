import type { InspectionEvent } from 'xstate';
import { bundledTools } from '../../tools/index.js';
import { mcpTools, type McpToolCollection } from '../mcp/index.js';
import { createSession, openSession, type Session, type SessionOptions } from '../session/create-session.js';
import type { Tool } from '../tool-definition/tool.js';
import type { ChatCliOptions } from './cli-options.js';
import type { ModelConnection } from './model-connection.js';
import { describeLocation, openSessionStore, type SessionLocation } from './session-location.js';

export const CHAT_TOOLS = bundledTools;

const INSTRUCTIONS =
  'You are a helpful assistant. Use the tools for weather, time and arithmetic instead of guessing, and save_note when the user asks you to note something.';

export interface ChatSession {
  session: Session;
  /** The MCP servers' tool collections (`--mcp`). */
  mcp: readonly McpToolCollection[];
  /** Where `--session` keeps it; undefined: in memory only. */
  location: SessionLocation | undefined;
  /** Waits for the last save, stops the session, closes the store; rejects if a save failed. */
  close(): Promise<void>;
}

/** The chat's session: in memory, or continued from (and saved to) the store `--session` names. */
export async function openChatSession(
  options: ChatCliOptions,
  connection: ModelConnection,
  inspect: (event: InspectionEvent) => void,
): Promise<ChatSession> {
  // An MCP tool not marked read-only may change something outside: a person approves it first, as save_note.
  const mcp = options.mcp.map((server) => mcpTools(server, { needsApproval: (tool) => tool.annotations?.readOnlyHint !== true }));
  const closeMcp = () => Promise.all(mcp.map((collection) => collection.close().catch(() => undefined)));
  const sessionOptions: SessionOptions = {
    client: connection.client,
    model: connection.model,
    tools: [...CHAT_TOOLS, ...mcp],
    api: options.api,
    serverState: options.serverState,
    parallelToolCalls: options.parallelToolCalls,
    maxSteps: options.maxSteps,
    stream: options.stream,
    instructions: INSTRUCTIONS,
    inspect,
  };
  const location = options.session;
  if (!location) {
    const session = createSession(sessionOptions);
    return {
      session,
      mcp,
      location,
      close: async () => {
        session.stop();
        await closeMcp();
      },
    };
  }
  const store = openSessionStore(location);
  let session: Session;
  try {
    session = await openSession({ ...sessionOptions, store, sessionId: location.sessionId });
  } catch (error) {
    await store.close?.().catch(() => undefined);
    await closeMcp();
    throw new Error(`cannot open the session ${describeLocation(location)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    session,
    mcp,
    location,
    close: async () => {
      try {
        await session.flush();
      } finally {
        session.stop();
        await store.close?.();
        await closeMcp();
      }
    },
  };
}

export interface ChatTools {
  tools: readonly Tool[];
  /** MCP servers whose tools could not be listed now: the session goes on with their last known set. */
  unlisted: { server: string; error: unknown }[];
}

/** The tools the next turn offers: the bundled ones and each MCP server's current set. */
export async function listChatTools(chat: ChatSession): Promise<ChatTools> {
  const unlisted: ChatTools['unlisted'] = [];
  const sets = await Promise.all(
    chat.mcp.map((collection) =>
      collection.current().catch((error: unknown) => {
        unlisted.push({ server: collection.name, error });
        return [];
      }),
    ),
  );
  return { tools: [...CHAT_TOOLS, ...sets.flat()], unlisted };
}
