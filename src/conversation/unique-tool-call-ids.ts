/**
 * Some OpenAI-compatible servers send tool calls with an empty or repeated `id`. Every call needs
 * its own id for its `tool` message, so such calls get one derived from their position; the
 * recorded assistant message carries the same ids, which keeps the history consistent.
 */
export function uniqueToolCallIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.map((original, index) => {
    let id = original;
    if (!id || seen.has(id)) {
      id = `${original || 'call'}_${index}`;
      while (seen.has(id)) id = `${id}_`;
    }
    seen.add(id);
    return id;
  });
}
