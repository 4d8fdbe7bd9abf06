/** One Server-Sent Event carrying a JSON payload, framed as the API frames its stream. */
export function encodeSseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The sentinel the SDK waits for before it considers a stream complete. */
export const SSE_DONE = 'data: [DONE]\n\n';
