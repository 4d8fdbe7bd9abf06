/**
 * The `tool` message content for a result: strings go as they are, everything else as JSON.
 * Returns undefined when the value has no JSON form (circular, BigInt, a function), so the caller
 * can tell the model instead of sending a broken message.
 */
export function serializeToolResult(result: unknown): { ok: true; content: string } | { ok: false; reason: string } {
  if (typeof result === 'string') return { ok: true, content: result };
  if (result === undefined) return { ok: true, content: 'null' };
  try {
    const content = JSON.stringify(result);
    if (content === undefined) return { ok: false, reason: `a ${typeof result} has no JSON form` };
    return { ok: true, content };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
