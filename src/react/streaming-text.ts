import type { Actor } from 'xstate';
import type { SessionMachine } from '../session/create-lifecycle-machine.js';

/** The answer text streamed by the current request, as a store `useSyncExternalStore` reads. */
export interface StreamingText {
  subscribe(listener: () => void): () => void;
  getSnapshot(): string;
}

/**
 * Deltas are events the machine emits, not part of its snapshot (a snapshot per token would be
 * saved and diffed for nothing), so they are collected here. The text starts over when the next
 * request starts and is kept after its request ends, until then.
 */
export function streamingText(actor: Actor<SessionMachine>): StreamingText {
  const listeners = new Set<() => void>();
  let request = actor.getSnapshot().context.requests;
  let text = '';
  const update = (next: string) => {
    if (next === text) return;
    text = next;
    for (const listener of listeners) listener();
  };
  actor.subscribe({
    next: (snapshot) => {
      if (snapshot.context.requests === request) return;
      request = snapshot.context.requests;
      update('');
    },
    // The session reports its own failures; an observer without this would report them again.
    error: () => undefined,
  });
  actor.on('content.delta', (event) => update(text + event.delta));
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => text,
  };
}
