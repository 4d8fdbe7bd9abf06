import type { ServerResponse } from 'node:http';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ScriptedStreamControls } from './scripted-reply.js';
import { encodeSseData, encodeSseEvent, SSE_DONE } from './sse.js';

/**
 * Streams `chunks` as server-sent events and ends with `[DONE]`, unless `controls` asks for a
 * fault: an error event, a cut connection or a missing `[DONE]`. Stops quietly once the client is gone.
 */
export async function sendEventStream(
  res: ServerResponse,
  chunks: readonly ChatCompletionChunk[],
  controls: ScriptedStreamControls = {},
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const { errorEvent } = controls;
  const errorAt = errorEvent ? stopPoint(errorEvent.afterChunks ?? 1, chunks.length) : undefined;
  const cutAt = controls.cutAfterChunk === undefined ? undefined : stopPoint(controls.cutAfterChunk, chunks.length);

  for (let sent = 0; ; sent += 1) {
    if (errorEvent && sent === errorAt) {
      const { message, type = 'server_error', param = null, code = null } = errorEvent;
      if (await write(res, encodeSseEvent('error', { error: { message, type, param, code } }))) res.end();
      return;
    }
    if (sent === cutAt) {
      // Every chunk so far has reached the socket (write waits for that), so the client sees them, then the cut.
      res.destroy();
      return;
    }
    const next = chunks[sent];
    if (next === undefined) break;
    if (!(await write(res, encodeSseData(next)))) return;
  }
  if (controls.omitDone) res.end();
  else if (await write(res, SSE_DONE)) res.end();
}

/** A count of chunks as a position in the stream: past the end means "after the last chunk". */
function stopPoint(afterChunks: number, total: number): number {
  // `|| 0` turns NaN into the start rather than a position never reached, which would skip the fault.
  return Math.min(Math.max(0, Math.floor(afterChunks) || 0), total);
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
