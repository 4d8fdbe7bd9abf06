export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSafeLimits {
  /** Deeper values become `"[…]"`. Default 12. */
  maxDepth?: number;
  /** Longer strings are cut, with a note of how much was dropped. Default 20 000. */
  maxStringLength?: number;
  /** Longer arrays and objects keep their first entries. Default 200. */
  maxEntries?: number;
}

/**
 * Copies any value into plain JSON data. Inspection events carry whatever tools return and whatever
 * SDKs throw: cycles, BigInt, functions, Errors, Maps, class instances. None of that may break the
 * inspector or exhaust memory, so this never throws and bounds the size of what it returns.
 */
export function toJsonSafe(value: unknown, limits: JsonSafeLimits = {}): JsonValue {
  const maxDepth = limits.maxDepth ?? 12;
  const maxStringLength = limits.maxStringLength ?? 20_000;
  const maxEntries = limits.maxEntries ?? 200;
  // Only the current path counts as a cycle; the same object twice side by side is fine.
  const ancestors = new Set<object>();

  const text = (raw: string): string =>
    raw.length > maxStringLength ? `${raw.slice(0, maxStringLength)}… [${raw.length - maxStringLength} more characters]` : raw;

  const entries = (pairs: [string, unknown][], depth: number): { [key: string]: JsonValue } => {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, entry] of pairs.slice(0, maxEntries)) {
      if (entry === undefined || typeof entry === 'symbol') continue;
      result[key] = copy(entry, depth + 1);
    }
    if (pairs.length > maxEntries) result['…'] = `${pairs.length - maxEntries} more entries`;
    return result;
  };

  const copy = (input: unknown, depth: number): JsonValue => {
    switch (typeof input) {
      case 'string':
        return text(input);
      case 'number':
        return Number.isFinite(input) ? input : String(input);
      case 'boolean':
        return input;
      case 'bigint':
        return `${input}n`;
      case 'undefined':
        return null;
      case 'symbol':
        return input.toString();
      case 'function':
        return `[Function ${input.name || 'anonymous'}]`;
    }
    if (input === null) return null;
    const object = input as object;
    if (ancestors.has(object)) return '[Circular]';
    if (depth >= maxDepth) return '[…]';
    ancestors.add(object);
    try {
      return copyObject(object, depth);
    } catch (error) {
      // A throwing getter or toJSON must not take the inspector down with it.
      return `[Unserializable: ${error instanceof Error ? error.message : String(error)}]`;
    } finally {
      ancestors.delete(object);
    }
  };

  const copyObject = (object: object, depth: number): JsonValue => {
    if (object instanceof Error) {
      // An error's own `toJSON` says what it wants shown (toolcycle's errors have one); otherwise
      // its own fields. Never the stack: it is noise in a timeline and leaks paths.
      const custom: unknown = hasToJson(object) ? object.toJSON() : undefined;
      const fields = custom !== null && typeof custom === 'object' ? Object.entries(custom) : Object.entries(object);
      return {
        name: text(object.name),
        message: text(object.message),
        ...entries(
          fields.filter(([key]) => key !== 'stack' && key !== 'name' && key !== 'message' && key !== 'cause'),
          depth,
        ),
        ...(object.cause !== undefined ? { cause: copy(object.cause, depth + 1) } : {}),
      };
    }
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (hasToJson(object)) return copy(object.toJSON(), depth);
    if (Array.isArray(object)) {
      const items = object.slice(0, maxEntries).map((item) => copy(item, depth + 1));
      return object.length > maxEntries ? [...items, `… ${object.length - maxEntries} more items`] : items;
    }
    if (object instanceof Map)
      return {
        '[Map]': entries(
          [...object.entries()].map(([key, entry]) => [String(key), entry]),
          depth,
        ),
      };
    if (object instanceof Set) return { '[Set]': copy([...object], depth) };
    if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
    if (object instanceof RegExp) return object.toString();
    if (object instanceof Promise || object instanceof WeakMap || object instanceof WeakSet)
      return `[${object.constructor.name}]`;
    return entries(Object.entries(object), depth);
  };

  return copy(value, 0);
}

function hasToJson(object: object): object is { toJSON(): unknown } {
  return 'toJSON' in object && typeof object.toJSON === 'function';
}
