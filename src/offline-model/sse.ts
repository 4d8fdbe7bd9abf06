/** One Server-Sent Event carrying a JSON payload, framed as the API frames its stream. */
export function encodeSseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** A named event (`event: error`), which the SDK's stream parser reads like a data event. */
export function encodeSseEvent(event: string, payload: unknown): string {
  return `event: ${event}\n${encodeSseData(payload)}`;
}

/** The sentinel the SDK waits for before it considers a stream complete. */
export const SSE_DONE = 'data: [DONE]\n\n';
