import { describe, expect, it } from 'vitest';
import { findRuleViolation } from '../../src/offline-model/check-field-rules.js';
import { arrayOf, string } from '../../src/offline-model/field-rules.js';

// The request table only uses minimum lengths of 1; these pin the general wording for longer ones.
describe('field rule checker', () => {
  it('tells a too-short string or array apart from an empty one', () => {
    expect(findRuleViolation('ab', string({ minLength: 3 }), 'code')?.toBody().error).toEqual({
      message: "Invalid 'code': string too short. Expected a string with minimum length 3, but got a string with length 2 instead.",
      type: 'invalid_request_error',
      param: 'code',
      code: 'string_below_min_length',
    });
    expect(findRuleViolation(['a'], arrayOf(string(), { minItems: 2 }), 'pair')?.code).toBe('array_below_min_length');
    expect(findRuleViolation([], arrayOf(string(), { minItems: 2 }), 'pair')?.code).toBe('empty_array');
    expect(findRuleViolation(['a', 'b'], arrayOf(string(), { minItems: 2 }), 'pair')).toBeUndefined();
  });
});
