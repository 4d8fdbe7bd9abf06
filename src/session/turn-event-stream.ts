import type { TurnEvent } from '../conversation/turn-result.js';

/**
 * A turn's events as an async iterable. The turn starts at once, as `ask` does; events that arrive
 * before the consumer asks for them are buffered, and a failed turn throws its error from the
 * iteration (never as an unhandled rejection, even when nobody iterates).
 */
export function turnEventStream(start: (onEvent: (event: TurnEvent) => void) => Promise<unknown>): AsyncIterable<TurnEvent> {
  const buffered: TurnEvent[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  start((event) => {
    buffered.push(event);
    notify();
  }).then(
    () => {
      ended = true;
      notify();
    },
    (error: unknown) => {
      failure = { error };
      ended = true;
      notify();
    },
  );
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = buffered.shift();
        if (next) {
          yield next;
          continue;
        }
        if (ended) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
