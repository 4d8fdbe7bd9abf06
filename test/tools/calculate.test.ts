import { describe, expect, it } from 'vitest';
import { ArithmeticError } from '../../tools/arithmetic.js';
import { calculate } from '../../tools/calculate.js';
import { toolContext } from './context.js';

describe('calculate definition', () => {
  it('is a strict function tool taking one bounded expression string', () => {
    expect(calculate.name).toBe('calculate');
    expect(calculate.definition).toEqual({
      type: 'function',
      function: {
        name: 'calculate',
        description: expect.stringContaining('sqrt'),
        strict: true,
        parameters: {
          type: 'object',
          // The length bounds are checked by zod, not sent: strict mode does not accept them.
          properties: { expression: { type: 'string', description: expect.any(String) } },
          required: ['expression'],
          additionalProperties: false,
        },
      },
    });
  });

  it('checks arguments: an expression string of 1 to 500 characters', () => {
    expect(calculate.checkArguments({ expression: '1 + 1' })).toEqual({ ok: true, args: { expression: '1 + 1' } });
    for (const args of [{}, { expression: '' }, { expression: 'x'.repeat(501) }, { expression: 12 }]) {
      const check = calculate.checkArguments(args);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.issues.map((issue) => issue.path)).toEqual(['expression']);
    }
  });
});

describe('calculate execute', () => {
  it('returns the expression and its value', async () => {
    expect(await calculate.execute({ expression: '(2 + 3) * 4 ^ 2 / sqrt(16)' }, toolContext())).toEqual({
      expression: '(2 + 3) * 4 ^ 2 / sqrt(16)',
      result: 20,
    });
  });

  it('throws ArithmeticError for a bad expression, so the model gets the message as a tool error', () => {
    expect(() => calculate.execute({ expression: '(1+)' }, toolContext())).toThrow(ArithmeticError);
    expect(() => calculate.execute({ expression: '(1+)' }, toolContext())).toThrow("Unexpected token ')' at position 3");
    expect(() => calculate.execute({ expression: '1 / 0' }, toolContext())).toThrow('Division by zero at position 2');
  });
});
