import type { ServerResponse } from 'node:http';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { ApiError } from './api-error.js';
import {
  isErrorReply,
  type Responder,
  type ResponderMeta,
  type ScriptedCompletionReply,
  type ScriptedRawReply,
} from './scripted-reply.js';

/**
 * Asks the responder, as both endpoints do: a scripted error reply and a throwing responder
 * become the HTTP errors they stand for, so what comes back is a reply to build or bytes to send.
 */
export async function askResponder(
  responder: Responder,
  request: ChatCompletionCreateParams,
  meta: ResponderMeta,
): Promise<ScriptedCompletionReply | ScriptedRawReply> {
  let reply;
  try {
    reply = await responder(request, meta);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(500, `Offline model responder failed: ${error instanceof Error ? error.message : String(error)}`, {
      // A throwing responder is a bug in the test or demo; a retry would only repeat it.
      headers: { 'x-should-retry': 'false' },
    });
  }
  if (isErrorReply(reply)) {
    const { status, message, type, code } = reply.error;
    throw new ApiError(status, message, { ...(type !== undefined ? { type } : {}), code: code ?? null });
  }
  return reply;
}

export function sendRaw(res: ServerResponse, { status = 200, headers = {}, body }: ScriptedRawReply['raw']): void {
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  res.writeHead(status, hasContentType ? headers : { 'content-type': 'application/json', ...headers });
  res.end(body);
}
