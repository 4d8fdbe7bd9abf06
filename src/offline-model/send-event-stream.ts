import type { ServerResponse } from 'node:http';

/** What to write on an event stream and which fault, if any, to stage; each API fills it in its own terms. */
export interface EventStreamPlan {
  /** Encoded server-sent events, in order. */
  frames: readonly string[];
  /** Written after every frame (`[DONE]`, a terminal event); absent, the stream just ends. */
  closing?: string;
  /** Runs just before `closing` is written: the moment the reply counts as delivered. */
  beforeClosing?: () => void;
  /**
   * Destroys the connection after this many frames, mid-response: no closing, no chunked-encoding
   * terminator. At or above the number of frames it cuts just before the closing.
   */
  cutAfter?: number;
  /** Ends the stream with `frame(position)` after `after` frames (clamped like `cutAfter`), instead of going on. */
  fault?: { after: number; frame: (position: number) => string };
}

/**
 * Streams a plan as server-sent events, with its fault if it has one. Stops quietly once the
 * client is gone. A fault and a cut at the same position: the fault is sent.
 */
export async function sendEventStream(res: ServerResponse, plan: EventStreamPlan): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const { frames, fault } = plan;
  const faultAt = fault ? stopPoint(fault.after, frames.length) : undefined;
  const cutAt = plan.cutAfter === undefined ? undefined : stopPoint(plan.cutAfter, frames.length);

  for (let sent = 0; ; sent += 1) {
    if (fault && sent === faultAt) {
      if (await write(res, fault.frame(sent))) res.end();
      return;
    }
    if (sent === cutAt) {
      // Every frame so far has reached the socket (write waits for that), so the client sees them, then the cut.
      res.destroy();
      return;
    }
    const next = frames[sent];
    if (next === undefined) break;
    if (!(await write(res, next))) return;
  }
  if (plan.closing === undefined) {
    res.end();
    return;
  }
  plan.beforeClosing?.();
  if (await write(res, plan.closing)) res.end();
}

/** A count of frames as a position in the stream: past the end means "after the last frame". */
function stopPoint(afterFrames: number, total: number): number {
  // `|| 0` turns NaN into the start rather than a position never reached, which would skip the fault.
  return Math.min(Math.max(0, Math.floor(afterFrames) || 0), total);
}

/**
 * Resolves once `data` has been handed to the socket (true) or the client is gone (false), so the
 * caller stops instead of writing into a dead socket, and never buffers ahead of a slow reader.
 */
function write(res: ServerResponse, data: string): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => resolve(false);
    res.once('close', onClose);
    res.write(data, (error) => {
      res.off('close', onClose);
      resolve(!error);
    });
  });
}
