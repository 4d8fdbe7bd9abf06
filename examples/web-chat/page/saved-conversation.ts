import { useEffect } from 'react';
import type { Session, SessionSnapshot } from 'toolcycle';

const CONVERSATION_KEY = 'toolcycle.web-chat.conversation';

/**
 * The saved conversation, for `useSession({ snapshot })`, which checks it (and throws
 * `SessionSnapshotError` for anything that is not a snapshot it can restore). Unreadable JSON counts
 * as none.
 */
export function loadConversation(storage: Storage): SessionSnapshot | undefined {
  const saved = storage.getItem(CONVERSATION_KEY);
  if (saved === null) return undefined;
  try {
    return JSON.parse(saved) as SessionSnapshot;
  } catch {
    return undefined;
  }
}

export function forgetConversation(storage: Storage): void {
  storage.removeItem(CONVERSATION_KEY);
}

/**
 * Saves `session.snapshot()` at every step boundary (a new state or context, never a streamed
 * token), so a reload continues the conversation, even from the middle of a turn.
 */
export function useSavedConversation(session: Session, storage: Storage): void {
  useEffect(() => {
    let saved = session.actor.getSnapshot();
    const subscription = session.actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status !== 'active' || (snapshot.context === saved.context && snapshot.value === saved.value)) return;
        saved = snapshot;
        try {
          storage.setItem(CONVERSATION_KEY, JSON.stringify(session.snapshot()));
        } catch (error) {
          // Full storage must not break the chat; the conversation just is not kept.
          console.warn('The conversation could not be saved:', error);
        }
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }, [session, storage]);
}
