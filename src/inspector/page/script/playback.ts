/** One state to show: the state value, the diagram edges that led there, and the timeline entry it belongs to. */
export interface Step {
  state: string;
  edges: string[];
  seq: number | undefined;
}

/**
 * Shows live steps one after another. Eventless steps (`connecting`, `calling`) last microseconds:
 * each state stays on screen for `dwellMs` so a person can see it.
 */
export function createPlayback(show: (step: Step) => void, dwellMs: number) {
  const queue: Step[] = [];
  let playing = false;
  // Bumped by `jump`: a sleeping loop from before must not resume.
  let generation = 0;

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function play(mine: number) {
    playing = true;
    while (queue.length > 0 && mine === generation) {
      show(queue.shift()!);
      // Fall behind a busy session and the picture would lag for minutes: catch up faster.
      await sleep(queue.length > 12 ? dwellMs / 6 : dwellMs);
    }
    if (mine === generation) playing = false;
  }

  return {
    enqueue(steps: Step[]) {
      queue.push(...steps);
      if (!playing) void play(generation);
    },
    /** Drops what is queued and shows `step` at once (a replayed history, another session). */
    jump(step: Step | undefined) {
      generation += 1;
      queue.length = 0;
      playing = false;
      if (step) show(step);
    },
  };
}

export type Playback = ReturnType<typeof createPlayback>;
