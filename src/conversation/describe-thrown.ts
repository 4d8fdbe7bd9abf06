/**
 * A tool can throw anything: `null`, a Symbol, an object whose `message` getter throws, a Proxy that
 * throws on every access. Describing it must never throw in turn, or the failure would escape as an
 * unhandled rejection and the turn would never end.
 */
export function describeThrown(thrown: unknown): { message: string; errorName: string } {
  const kind = typeof thrown;
  if (thrown === null || thrown === undefined) return { message: String(thrown), errorName: String(thrown) };
  if (kind === 'symbol') return { message: attempt(() => (thrown as symbol).toString()) ?? 'a Symbol', errorName: 'symbol' };
  if (kind !== 'object' && kind !== 'function') return { message: String(thrown), errorName: kind };
  const message = attempt(() => {
    const value = (thrown as { message?: unknown }).message;
    return typeof value === 'string' ? value : undefined;
  });
  const errorName = attempt(() => {
    const value = (thrown as { name?: unknown }).name;
    return typeof value === 'string' && value !== '' ? value : undefined;
  });
  return {
    message: message ?? attempt(() => String(thrown)) ?? `a thrown ${kind} that cannot be described`,
    errorName: errorName ?? attempt(() => (thrown as object).constructor?.name) ?? kind,
  };
}

function attempt<T>(read: () => T | undefined): T | undefined {
  try {
    const value = read();
    return typeof value === 'string' ? (value.length > 2000 ? `${value.slice(0, 2000)}…` : value) as T : value;
  } catch {
    return undefined;
  }
}
