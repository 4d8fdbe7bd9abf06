import type { JsonValue } from './json.js';

/**
 * Two calls are "the same call" when they name the same tool with the same arguments, whatever the
 * order of the keys or the spacing: the loop check compares these.
 */
export function callSignature(name: string, args: JsonValue | null, rawArguments: string): string {
  return `${name}:${args === null ? rawArguments.trim() : canonicalJson(args)}`;
}

function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
