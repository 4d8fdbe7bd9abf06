import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../src/conversation/errors.js';
import { toJsonSafe } from '../../src/inspector/json-safe.js';

describe('toJsonSafe', () => {
  it('keeps plain JSON data as it is', () => {
    const data = { a: 1, b: 'two', c: [true, null, { d: 1.5 }] };
    expect(toJsonSafe(data)).toEqual(data);
  });

  it('turns what JSON.stringify chokes on into readable values', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const value = {
      cycle,
      big: 12n,
      fn: function lookUp() {},
      nan: NaN,
      when: new Date(0),
      map: new Map([['k', 1]]),
      set: new Set([1, 2]),
      skip: undefined,
    };
    const safe = toJsonSafe(value);
    expect(safe).toEqual({
      cycle: { name: 'loop', self: '[Circular]' },
      big: '12n',
      fn: '[Function lookUp]',
      nan: 'NaN',
      when: '1970-01-01T00:00:00.000Z',
      map: { '[Map]': { k: 1 } },
      set: { '[Set]': [1, 2] },
    });
    expect(() => JSON.stringify(safe)).not.toThrow();
  });

  it('shows the same object twice when it is shared rather than cyclic', () => {
    const shared = { x: 1 };
    expect(toJsonSafe([shared, shared])).toEqual([{ x: 1 }, { x: 1 }]);
  });

  it('serializes errors through their toJSON, with the cause and without the stack', () => {
    const error = new ApiRequestError(
      'model not found',
      { stage: 'decide', status: 404, code: 'model_not_found' },
      { cause: new TypeError('fetch failed') },
    );
    expect(toJsonSafe(error)).toEqual({
      name: 'ApiRequestError',
      message: 'model not found',
      stage: 'decide',
      status: 404,
      code: 'model_not_found',
      type: null,
      param: null,
      requestId: null,
      cause: { name: 'TypeError', message: 'fetch failed' },
    });
  });

  it('bounds depth, string length and entry counts, and survives throwing getters', () => {
    const deep = { a: { b: { c: { d: 1 } } } };
    expect(toJsonSafe(deep, { maxDepth: 2 })).toEqual({ a: { b: '[…]' } });
    expect(toJsonSafe('x'.repeat(30), { maxStringLength: 10 })).toBe(`${'x'.repeat(10)}… [20 more characters]`);
    expect(toJsonSafe([1, 2, 3, 4], { maxEntries: 2 })).toEqual([1, 2, '… 2 more items']);
    const hostile = {
      get boom(): never {
        throw new Error('nope');
      },
    };
    expect(toJsonSafe({ hostile })).toEqual({ hostile: '[Unserializable: nope]' });
  });
});
