import type { JsonValue } from '../../json-safe.js';

/** Readers for the JSON-safe copies of events, records and messages: any field may be missing or of another type. */

export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objectField(value: JsonValue | undefined, key: string): JsonObject | undefined {
  const field = isJsonObject(value) ? value[key] : undefined;
  return isJsonObject(field) ? field : undefined;
}

export function stringField(value: JsonValue | undefined, key: string): string | undefined {
  const field = isJsonObject(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

export function numberField(value: JsonValue | undefined, key: string): number | undefined {
  const field = isJsonObject(value) ? value[key] : undefined;
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
}

export function arrayField(value: JsonValue | undefined, key: string): JsonValue[] {
  const field = isJsonObject(value) ? value[key] : undefined;
  return Array.isArray(field) ? field : [];
}

/** Any value as display text: strings as they are, the rest as JSON. */
export function jsonText(value: JsonValue | undefined, pretty = false): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null, null, pretty ? 2 : 0);
}

/** Tool arguments and tool output are JSON in a string: indented when they parse, verbatim when not. */
export function prettyIfJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
