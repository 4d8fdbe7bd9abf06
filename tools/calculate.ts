import * as z from 'zod';
import { defineTool } from '../src/index.js';
import { evaluateArithmetic, MAX_EXPRESSION_LENGTH } from './arithmetic.js';

export interface CalculateResult {
  expression: string;
  result: number;
}

/**
 * Arithmetic the model would otherwise do in its head. A bad expression throws `ArithmeticError`
 * on purpose: the runtime reports a throwing tool to the model as a tool error, and the message
 * (with its character position) is what lets the model correct the expression and retry.
 */
export const calculate = defineTool({
  name: 'calculate',
  effect: 'read_only',
  description:
    'Evaluate an arithmetic expression exactly instead of computing it yourself. Supports numbers (2, 3.5, 1e3), ' +
    '+ - * / % and ^ or ** (power), parentheses, sqrt, abs, round, floor, ceil, min, max, and the constants pi and e.',
  parameters: z.object({
    expression: z
      .string()
      .min(1)
      .max(MAX_EXPRESSION_LENGTH)
      .describe('The expression, e.g. "(2 + 3) * 4 ^ 2 / sqrt(16)"'),
  }),
  execute({ expression }): CalculateResult {
    return { expression, result: evaluateArithmetic(expression) };
  },
});
