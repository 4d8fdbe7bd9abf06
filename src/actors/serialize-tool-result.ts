import type { JsonValue } from '../conversation/json.js';

export type SerializedResult =
  | { ok: true; content: string; result: JsonValue; truncatedFrom: number | null }
  | { ok: false; reason: string };

/**
 * The `tool` message content for a result: strings go as they are, everything else as JSON, cut to
 * `maxChars` with a note the model can read (a 50 MB result would otherwise make every later request
 * fail with HTTP 413). `result` is what the model received, as JSON, so the conversation stays data.
 */
export function serializeToolResult(value: unknown, maxChars: number): SerializedResult {
  let content: string;
  if (typeof value === 'string') content = value;
  else if (value === undefined) content = 'null';
  else {
    try {
      const json = JSON.stringify(value);
      if (json === undefined) return { ok: false, reason: `a ${typeof value} has no JSON form` };
      content = json;
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : 'it cannot be serialized' };
    }
  }
  if (content.length <= maxChars) {
    return { ok: true, content, result: typeof value === 'string' ? value : (JSON.parse(content) as JsonValue), truncatedFrom: null };
  }
  const cut = `${content.slice(0, maxChars)}\n[truncated by toolcycle: the tool returned ${content.length.toLocaleString('en-US')} characters; only the first ${maxChars.toLocaleString('en-US')} are shown]`;
  return { ok: true, content: cut, result: cut, truncatedFrom: content.length };
}
