/**
 * The typed arguments each check produced, keyed by the very JSON object the call's record holds,
 * so running the call does not validate the same arguments twice. A record restored from a
 * snapshot, or arguments edited on approval, are other objects: those are checked again.
 */
const checkedArguments = new WeakMap<object, unknown>();

export function rememberCheckedArguments(json: unknown, args: unknown): void {
  if (typeof json === 'object' && json !== null) checkedArguments.set(json, args);
}

export function checkedArgumentsOf(json: unknown): { found: true; args: unknown } | { found: false } {
  if (typeof json !== 'object' || json === null || !checkedArguments.has(json)) return { found: false };
  return { found: true, args: checkedArguments.get(json) };
}
