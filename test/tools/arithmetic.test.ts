import { describe, expect, it } from 'vitest';
import {
  ArithmeticError,
  evaluateArithmetic,
  findSyntaxError,
  isArithmeticName,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  tokenizeFrom,
} from '../../tools/arithmetic.js';
import { mulberry32 } from '../../tools/seeded-random.js';

function errorOf(expression: string): ArithmeticError {
  try {
    evaluateArithmetic(expression);
  } catch (error) {
    if (error instanceof ArithmeticError) return error;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(expression)} to fail, but it evaluated`);
}

describe('evaluateArithmetic: values', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 * 3 + 4 * 5', 26],
    ['7 - 2 * 3 ^ 2', -11],
    ['10 - 2 - 3', 5],
    ['100 / 10 / 5', 2],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 3 ** 2', 512],
    ['(2 ^ 3) ^ 2', 64],
    ['2^10', 1024],
    ['17 % 5', 2],
    ['-7 % 3', -1],
    ['10 % 4 * 3', 6],
    ['-3', -3],
    ['+3', 3],
    ['--3', 3],
    ['-+-3', 3],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['3 * -2', -6],
    ['4 - -4', 8],
    ['-(1 + 2) * 3', -9],
    ['((((7))))', 7],
    ['3.25 * 4', 13],
    ['.5 + .25', 0.75],
    ['1e3 + 1', 1001],
    ['1.5E3', 1500],
    ['2.5e-1', 0.25],
    ['1e+2', 100],
    ['007', 7],
    ['sqrt(16)', 4],
    ['sqrt(2) ^ 2', 2.0000000000000004],
    ['abs(-4.5)', 4.5],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(2.4)', 2],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['max(4)', 4],
    ['min(2 + 3, 10 / 5) * max(-1, -2)', -2],
    ['sqrt(abs(-9)) + floor(pi)', 6],
    ['pi', Math.PI],
    ['e', Math.E],
    ['2 * pi', 2 * Math.PI],
    ['PI + E', Math.PI + Math.E],
    ['Sqrt(9)', 3],
    ['e ^ 0', 1],
    ['0.1 + 0.2', 0.30000000000000004],
    ['  \t1\n+\t2  ', 3],
    ['1+2*3-4/2', 5],
    ['-0', 0],
  ])('%s = %s', (expression, expected) => {
    expect(evaluateArithmetic(expression)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(evaluateArithmetic('-0'), 0)).toBe(true);
    expect(Object.is(evaluateArithmetic('0 * -1'), 0)).toBe(true);
  });

  it('accepts the longest allowed input and the deepest allowed nesting', () => {
    const longest = `1${'+1'.repeat(MAX_EXPRESSION_LENGTH / 2 - 1)} `;
    expect(longest).toHaveLength(MAX_EXPRESSION_LENGTH);
    expect(evaluateArithmetic(longest)).toBe(MAX_EXPRESSION_LENGTH / 2);
    const deepest = `${'('.repeat(MAX_NESTING_DEPTH)}1${')'.repeat(MAX_NESTING_DEPTH)}`;
    expect(evaluateArithmetic(deepest)).toBe(1);
    expect(evaluateArithmetic(`${'-'.repeat(MAX_NESTING_DEPTH)}1`)).toBe(1);
  });
});

describe('evaluateArithmetic: errors', () => {
  it.each([
    // Syntax
    ['', 'Expression is empty', 0],
    ['   ', 'Expression is empty', 0],
    ['(1+)', "Unexpected token ')'", 3],
    ['1 + )', "Unexpected token ')'", 4],
    ['1 +', 'Unexpected end of expression', 3],
    ['1 2', "Unexpected token '2'", 2],
    ['(1 + 2', "Expected ')' but found end of expression", 6],
    ['(1 2)', "Expected ')' but found '2'", 3],
    ['1 + 2)', "Unexpected token ')'", 5],
    ['()', "Unexpected token ')'", 1],
    ['* 2', "Unexpected token '*'", 0],
    ['2 * * 3', "Unexpected token '*'", 4],
    ['2 ^', 'Unexpected end of expression', 3],
    ['1,2', "Unexpected token ','", 1],
    ['$5', "Unexpected character '$'", 0],
    ['2 & 3', "Unexpected character '&'", 2],
    ['1 = 1', "Unexpected character '='", 2],
    // Characters are checked before anything is parsed, and an astral character is shown whole.
    ['x😀', "Unexpected character '😀'", 1],
    ['1 + 😀', "Unexpected character '😀'", 4],
    ['1.', "Unexpected character '.'", 1],
    ['1.2.3', "Unexpected token '.3'", 3],
    ['2e', "Unexpected token 'e'", 1],
    ['2(3)', "Unexpected token '('", 1],
    // Identifiers and functions
    ['foo + 1', "Unknown identifier 'foo' (known: sqrt, abs, round, floor, ceil, min, max, pi, e)", 0],
    ['1 + log(2)', "Unknown identifier 'log' (known: sqrt, abs, round, floor, ceil, min, max, pi, e)", 4],
    ['constructor', "Unknown identifier 'constructor' (known: sqrt, abs, round, floor, ceil, min, max, pi, e)", 0],
    ['pi(2)', "'pi' is a constant, not a function", 0],
    ['sqrt 4', "Expected '(' after function 'sqrt' but found '4'", 5],
    ['abs', "Expected '(' after function 'abs' but found end of expression", 3],
    ['sqrt(1, 2)', "Function 'sqrt' takes 1 argument, got 2", 0],
    ['2 * round(1, 2, 3)', "Function 'round' takes 1 argument, got 3", 4],
    ['min()', "Unexpected token ')'", 4],
    ['max(1,)', "Unexpected token ')'", 6],
    ['max(1', "Expected ')' but found end of expression", 5],
    // Evaluation
    ['1 / 0', 'Division by zero', 2],
    ['5 % 0', 'Division by zero', 2],
    ['1 / (2 - 2)', 'Division by zero', 2],
    ['1 + 4 / (3 * 0)', 'Division by zero', 6],
    ['sqrt(-1)', 'The result of sqrt(-1) is not a real number', 0],
    ['(-8) ^ (1/3)', "The result of '^' is not a real number", 5],
    ['10 ^ 400', "The result of '^' is too large", 3],
    ['10 ** 400', "The result of '**' is too large", 3],
    ['0 ^ -1', "The result of '^' is too large", 2],
    ['1e308 * 10', "The result of '*' is too large", 6],
    ['1e308 + 1e308', "The result of '+' is too large", 6],
    ['1e400', "Number '1e400' is too large", 0],
  ])('%j fails with "%s at position %i"', (expression, reason, position) => {
    const error = errorOf(expression);
    expect(error.name).toBe('ArithmeticError');
    expect(error.reason).toBe(reason);
    expect(error.position).toBe(position);
    expect(error.message).toBe(`${reason} at position ${position}`);
  });

  it('reports a syntax error before an evaluation error earlier in the text', () => {
    expect(errorOf('1 / 0 + )').reason).toBe("Unexpected token ')'");
  });

  it('rejects input longer than the cap before parsing it', () => {
    const tooLong = `1${'+1'.repeat(MAX_EXPRESSION_LENGTH / 2)}`;
    expect(tooLong).toHaveLength(MAX_EXPRESSION_LENGTH + 1);
    const error = errorOf(tooLong);
    expect(error.reason).toBe(`Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
    expect(error.position).toBe(MAX_EXPRESSION_LENGTH);
  });

  it('rejects nesting deeper than the cap, at the first token past it', () => {
    const parentheses = `${'('.repeat(MAX_NESTING_DEPTH + 1)}1${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
    expect(errorOf(parentheses)).toMatchObject({
      reason: `Expression nests deeper than ${MAX_NESTING_DEPTH} levels`,
      position: MAX_NESTING_DEPTH + 1,
    });
    const signs = `${'-'.repeat(MAX_NESTING_DEPTH + 1)}1`;
    expect(errorOf(signs)).toMatchObject({ position: MAX_NESTING_DEPTH + 1 });
    const powers = `2${'^2'.repeat(MAX_NESTING_DEPTH + 1)}`;
    expect(errorOf(powers).reason).toBe(`Expression nests deeper than ${MAX_NESTING_DEPTH} levels`);
    // Half calls, half parentheses: 101 calls would exceed the length cap first.
    const calls = `${'abs('.repeat(50)}${'('.repeat(MAX_NESTING_DEPTH - 49)}1${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
    expect(calls.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
    expect(errorOf(calls).reason).toBe(`Expression nests deeper than ${MAX_NESTING_DEPTH} levels`);
  });

  it('is an Error subclass, so the runtime reports it with its name and message', () => {
    const error = errorOf('1 / 0');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ArithmeticError);
  });
});

/**
 * Random integer expressions, rendered with as few parentheses as precedence and associativity
 * allow, so the parser's precedence rules are what decides the structure. The reference value is
 * computed from the same tree with BigInt, independently of the code under test.
 */
describe('tokenizeFrom: the tokenizer, for text that only contains an expression', () => {
  it('reads tokens from a start position up to the first character no token begins with', () => {
    const { tokens, stop } = tokenizeFrom('计算 1e3 + 2**3？好', 2);
    expect(tokens.map((token) => token.text)).toEqual(['1e3', '+', '2', '**', '3']);
    expect(tokens.map((token) => token.position)).toEqual([3, 7, 9, 10, 12]);
    expect(stop).toBe(13);
  });

  it('keeps words and too-large numbers as tokens: the parser and evaluator judge them', () => {
    const { tokens, stop } = tokenizeFrom('what is 1e999', 0);
    expect(tokens.map((token) => token.kind)).toEqual(['identifier', 'identifier', 'number']);
    expect(tokens[2]).toMatchObject({ kind: 'number', value: Number.POSITIVE_INFINITY, text: '1e999' });
    expect(stop).toBe(13);
  });
});

describe('findSyntaxError', () => {
  it('reports what evaluateArithmetic would throw for the syntax, nothing for evaluation errors', () => {
    expect(findSyntaxError('(1+)')).toMatchObject({ reason: "Unexpected token ')'", position: 3 });
    expect(findSyntaxError('2 $ 3')).toMatchObject({ reason: "Unexpected character '$'", position: 2 });
    expect(findSyntaxError('1 / 0')).toBeUndefined();
    expect(findSyntaxError('1e308 * 10')).toBeUndefined();
    expect(findSyntaxError('1e400')).toBeUndefined();
  });

  it('lets a syntax error win over a too-large number before it', () => {
    expect(errorOf('1e400 + )')).toMatchObject({ reason: "Unexpected token ')'", position: 8 });
  });

  it('knows the function and constant names in any case', () => {
    expect(['sqrt', 'MAX', 'Pi', 'e'].every(isArithmeticName)).toBe(true);
    expect(['what', 'x', 'sin'].some(isArithmeticName)).toBe(false);
  });
});

describe('evaluateArithmetic agrees with a reference on random expressions', () => {
  type Tree =
    | { kind: 'leaf'; value: number }
    | { kind: 'negate'; operand: Tree }
    | { kind: 'binary'; operator: '+' | '-' | '*' | '^'; left: Tree; right: Tree };

  // Binding strength as the grammar defines it: unary minus binds looser than '^'.
  const PRECEDENCE = { leaf: 5, '^': 4, negate: 3, '*': 2, '+': 1, '-': 1 } as const;
  const precedence = (tree: Tree): number =>
    tree.kind === 'leaf' ? PRECEDENCE.leaf : tree.kind === 'negate' ? PRECEDENCE.negate : PRECEDENCE[tree.operator];

  function generate(random: () => number, depth: number): Tree {
    const integer = (max: number) => Math.floor(random() * (max + 1));
    const roll = random();
    if (depth === 0 || roll < 0.2) return { kind: 'leaf', value: integer(12) };
    if (roll < 0.3) return { kind: 'negate', operand: generate(random, depth - 1) };
    if (roll < 0.4) {
      // Small bases and exponents keep powers exact in doubles.
      return { kind: 'binary', operator: '^', left: generate(random, Math.min(depth - 1, 1)), right: { kind: 'leaf', value: integer(3) } };
    }
    const operator = (['+', '-', '*'] as const)[integer(2)] ?? '+';
    return { kind: 'binary', operator, left: generate(random, depth - 1), right: generate(random, depth - 1) };
  }

  function render(tree: Tree, random: () => number): string {
    const space = () => (random() < 0.3 ? ' ' : '');
    const wrap = (child: Tree, needsParentheses: boolean) =>
      needsParentheses ? `(${space()}${render(child, random)}${space()})` : render(child, random);
    switch (tree.kind) {
      case 'leaf':
        return String(tree.value);
      case 'negate':
        // The operand of a sign is parsed as a unary, so only looser binary operators need parentheses.
        return `-${space()}${wrap(tree.operand, precedence(tree.operand) < PRECEDENCE.negate)}`;
      case 'binary': {
        const own = PRECEDENCE[tree.operator];
        if (tree.operator === '^') {
          // The base of '^' is a primary: anything but a number needs parentheses (including -2 and 2^3).
          const base = wrap(tree.left, tree.left.kind !== 'leaf');
          return `${base}${space()}${random() < 0.5 ? '^' : '**'}${space()}${render(tree.right, random)}`;
        }
        // Left-associative: an equally strong operator on the right needs parentheses, on the left it does not.
        const left = wrap(tree.left, precedence(tree.left) < own);
        const right = wrap(tree.right, precedence(tree.right) <= own);
        return `${left}${space()}${tree.operator}${space()}${right}`;
      }
    }
  }

  function reference(tree: Tree): bigint {
    switch (tree.kind) {
      case 'leaf':
        return BigInt(tree.value);
      case 'negate':
        return -reference(tree.operand);
      case 'binary': {
        const left = reference(tree.left);
        const right = reference(tree.right);
        if (tree.operator === '+') return left + right;
        if (tree.operator === '-') return left - right;
        if (tree.operator === '*') return left * right;
        return left ** right;
      }
    }
  }

  it('matches on 1000 seeded expressions', () => {
    const random = mulberry32(20240310);
    let compared = 0;
    for (let index = 0; index < 1000; index += 1) {
      const tree = generate(random, 1 + (index % 5));
      const expression = render(tree, random);
      const expected = reference(tree);
      // Beyond 2^53 a double cannot hold the exact value; such trees only check that parsing works.
      if (expected > BigInt(Number.MAX_SAFE_INTEGER) || expected < -BigInt(Number.MAX_SAFE_INTEGER)) {
        expect(Number.isFinite(evaluateArithmetic(expression)), expression).toBe(true);
        continue;
      }
      expect(evaluateArithmetic(expression), expression).toBe(Number(expected));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(950);
  });

  it('relies on minimal parentheses, so precedence is really exercised', () => {
    const random = mulberry32(7);
    const rendered = Array.from({ length: 200 }, () => render(generate(random, 4), random));
    expect(rendered.filter((expression) => !expression.includes('(')).length).toBeGreaterThan(20);
    expect(rendered.some((expression) => /\d\s*[*]\s*\d+\s*(\^|\*\*)/.test(expression))).toBe(true);
    expect(rendered.some((expression) => /\d\s*-\s*\d+\s*-/.test(expression))).toBe(true);
  });
});
