import type { InspectionEvent } from 'xstate';
import { bundledTools } from '../../tools/index.js';
import { createSession, openSession, type Session, type SessionOptions } from '../session/create-session.js';
import type { ChatCliOptions } from './cli-options.js';
import type { ModelConnection } from './model-connection.js';
import { describeLocation, openSessionStore, type SessionLocation } from './session-location.js';

export const CHAT_TOOLS = bundledTools;

const INSTRUCTIONS =
  'You are a helpful assistant. Use the tools for weather, time and arithmetic instead of guessing, and save_note when the user asks you to note something.';

export interface ChatSession {
  session: Session;
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
  const sessionOptions: SessionOptions = {
    client: connection.client,
    model: connection.model,
    tools: CHAT_TOOLS,
    parallelToolCalls: options.parallelToolCalls,
    maxSteps: options.maxSteps,
    stream: options.stream,
    instructions: INSTRUCTIONS,
    inspect,
  };
  const location = options.session;
  if (!location) {
    const session = createSession(sessionOptions);
    return { session, location, close: async () => session.stop() };
  }
  const store = openSessionStore(location);
  let session: Session;
  try {
    session = await openSession({ ...sessionOptions, store, sessionId: location.sessionId });
  } catch (error) {
    await store.close?.().catch(() => undefined);
    throw new Error(`cannot open the session ${describeLocation(location)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    session,
    location,
    close: async () => {
      try {
        await session.flush();
      } finally {
        session.stop();
        await store.close?.();
      }
    },
  };
}
