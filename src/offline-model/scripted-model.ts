import { ApiError } from './api-error.js';
import type { Responder, ScriptedReply } from './scripted-reply.js';

/**
 * Replays a fixed list of replies, one per valid request. Running out answers 500 rather
 * than hanging, so an unexpected extra model call fails the test loudly.
 */
export function createScriptedResponder(replies: readonly ScriptedReply[]): Responder {
  // Copied so a test mutating its array after start cannot change what the server plays.
  const queue = [...replies];
  let served = 0;
  return () => {
    const next = queue[served];
    served += 1;
    if (next === undefined) {
      throw new ApiError(
        500,
        `Offline model script exhausted: request #${served} arrived but the script only has ${queue.length} ${queue.length === 1 ? 'reply' : 'replies'}.`,
        // Retrying cannot make the script longer; without this the SDK would retry and hide the cause behind delays.
        { type: 'server_error', code: 'script_exhausted', headers: { 'x-should-retry': 'false' } },
      );
    }
    return next;
  };
}
