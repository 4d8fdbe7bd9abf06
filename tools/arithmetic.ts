/**
 * A small arithmetic language, parsed by recursive descent and evaluated over an explicit tree.
 * The input comes from a model, so it is treated as untrusted: no `eval`/`Function`, a length cap,
 * a nesting cap (bounds the parser's recursion, hence the JS stack), and every failure is an
 * `ArithmeticError` that points at the offending character.
 *
 * Grammar, loosest binding first:
 *
 *   expression     := additive END
 *   additive       := multiplicative (('+' | '-') multiplicative)*
 *   multiplicative := unary (('*' | '/' | '%') unary)*
 *   unary          := ('+' | '-') unary | power
 *   power          := primary (('^' | '**') unary)?         right-associative: 2^3^2 = 2^9
 *   primary        := number | constant | function '(' additive (',' additive)* ')' | '(' additive ')'
 *
 * Unary minus binds looser than power, as in mathematics and Python: -2^2 = -4, 2^-1 = 0.5.
 */

/** Longer inputs are rejected before parsing; the `calculate` tool's schema uses the same cap. */
export const MAX_EXPRESSION_LENGTH = 500;
/** Deepest allowed nesting of parentheses, unary signs and powers combined. */
export const MAX_NESTING_DEPTH = 100;

/** A parse or evaluation failure. `position` is a 0-based index into the expression. */
export class ArithmeticError extends Error {
  override name = 'ArithmeticError';
  constructor(
    /** What went wrong, without the position. */
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
  }
}

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  apply(args: readonly number[]): number;
}

const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  sqrt: oneArgument(Math.sqrt),
  abs: oneArgument(Math.abs),
  // Half away from zero (2.5 → 3, -2.5 → -3), what people expect; Math.round sends -2.5 to -2.
  round: oneArgument((x) => Math.sign(x) * Math.round(Math.abs(x))),
  floor: oneArgument(Math.floor),
  ceil: oneArgument(Math.ceil),
  min: { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, apply: (args) => Math.min(...args) },
  max: { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, apply: (args) => Math.max(...args) },
};

function oneArgument(fn: (x: number) => number): FunctionSpec {
  return { minArgs: 1, maxArgs: 1, apply: ([x]) => fn(x ?? Number.NaN) };
}

type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '^';
type UnaryOperator = '+' | '-';

/** `position` is where the node starts (numbers, calls) or its operator (unary, binary). */
type ExpressionNode =
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'unary'; operator: UnaryOperator; operand: ExpressionNode; position: number }
  | {
      kind: 'binary';
      operator: BinaryOperator;
      /** As written: '^' or '**'. */
      text: string;
      left: ExpressionNode;
      right: ExpressionNode;
      position: number;
    }
  | { kind: 'call'; name: string; args: ExpressionNode[]; position: number };

/** A lexical unit of the language, with its 0-based position in the source. */
export type ArithmeticToken =
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'identifier'; name: string; text: string; position: number }
  | { kind: 'operator'; operator: BinaryOperator; text: string; position: number }
  | { kind: 'punctuation'; text: '(' | ')' | ','; position: number }
  | { kind: 'end'; text: ''; position: number };

/** Parses and evaluates `expression`; throws `ArithmeticError` on any problem. */
export function evaluateArithmetic(expression: string): number {
  // Parse everything before evaluating anything, so a syntax error anywhere wins over, say, a
  // division by zero earlier in the text: the model should fix the syntax first.
  const result = evaluate(parse(expression));
  return Object.is(result, -0) ? 0 : result;
}

/**
 * The syntax error `evaluateArithmetic` would throw for `expression`, or undefined when it parses;
 * evaluation errors (division by zero, overflow) are not looked for.
 */
export function findSyntaxError(expression: string): ArithmeticError | undefined {
  try {
    parse(expression);
    return undefined;
  } catch (error) {
    if (error instanceof ArithmeticError) return error;
    throw error;
  }
}

/** The language's function and constant names (lower case; identifiers are case-insensitive). */
export const ARITHMETIC_NAMES: readonly string[] = [...Object.keys(FUNCTIONS), ...Object.keys(CONSTANTS)];

/** Whether `name` (any case) is one of the language's functions or constants. */
export function isArithmeticName(name: string): boolean {
  return ARITHMETIC_NAMES.includes(name.toLowerCase());
}

function parse(expression: string): ExpressionNode {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ArithmeticError(`Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  }
  return new Parser(tokenize(expression)).parseExpression();
}

function tokenize(source: string): ArithmeticToken[] {
  const { tokens, stop } = tokenizeFrom(source, 0);
  if (stop < source.length) {
    throw new ArithmeticError(`Unexpected character ${quote(String.fromCodePoint(source.codePointAt(stop) ?? 0))}`, stop);
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

/**
 * Reads tokens from `start` up to the first character no token can begin with (`stop`, or the
 * source's length), without the final `end` token. Exported so that text which merely contains an
 * expression (a question in prose) is cut up by exactly the rules the parser reads it with.
 * Numbers too large for a double come back as Infinity; evaluation rejects them.
 */
export function tokenizeFrom(source: string, start: number): { tokens: ArithmeticToken[]; stop: number } {
  const tokens: ArithmeticToken[] = [];
  let index = start;
  while (index < source.length) {
    const char = source.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
    } else if (isDigit(char) || (char === '.' && isDigit(source.charAt(index + 1)))) {
      const token = readNumber(source, index);
      tokens.push(token);
      index += token.text.length;
    } else if (/[A-Za-z_]/.test(char)) {
      const text = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(index))?.[0] ?? char;
      tokens.push({ kind: 'identifier', name: text.toLowerCase(), text, position: index });
      index += text.length;
    } else if (char === '*' && source.charAt(index + 1) === '*') {
      tokens.push({ kind: 'operator', operator: '^', text: '**', position: index });
      index += 2;
    } else if (char === '+' || char === '-' || char === '*' || char === '/' || char === '%' || char === '^') {
      tokens.push({ kind: 'operator', operator: char, text: char, position: index });
      index += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char, position: index });
      index += 1;
    } else {
      break;
    }
  }
  return { tokens, stop: index };
}

function readNumber(source: string, start: number): Extract<ArithmeticToken, { kind: 'number' }> {
  // The exponent is only taken when digits follow, so in `2e` the `e` stays an identifier (and
  // then fails as an unexpected token) instead of silently meaning 2·10^0.
  // A point must have digits after it, so `1.` leaves the `.` to fail as an unexpected character.
  const match = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(start));
  const text = match?.[0] ?? '';
  return { kind: 'number', value: Number(text), text, position: start };
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly ArithmeticToken[]) {}

  parseExpression(): ExpressionNode {
    const first = this.peek();
    if (first.kind === 'end') throw new ArithmeticError('Expression is empty', 0);
    const tree = this.parseAdditive();
    const rest = this.peek();
    if (rest.kind !== 'end') throw unexpected(rest);
    return tree;
  }

  private parseAdditive(): ExpressionNode {
    let left = this.parseMultiplicative();
    for (let token = this.peek(); isOperator(token, '+', '-'); token = this.peek()) {
      this.index += 1;
      const right = this.parseMultiplicative();
      left = { kind: 'binary', operator: token.operator, text: token.text, left, right, position: token.position };
    }
    return left;
  }

  private parseMultiplicative(): ExpressionNode {
    let left = this.parseUnary();
    for (let token = this.peek(); isOperator(token, '*', '/', '%'); token = this.peek()) {
      this.index += 1;
      const right = this.parseUnary();
      left = { kind: 'binary', operator: token.operator, text: token.text, left, right, position: token.position };
    }
    return left;
  }

  /** Every level of recursion passes through here, so this is where nesting is counted. */
  private parseUnary(): ExpressionNode {
    const token = this.peek();
    // `depth` counts the enclosing constructs (parentheses, call arguments, signs, exponents).
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new ArithmeticError(`Expression nests deeper than ${MAX_NESTING_DEPTH} levels`, token.position);
    }
    this.depth += 1;
    try {
      if (isOperator(token, '+', '-')) {
        this.index += 1;
        return { kind: 'unary', operator: token.operator, operand: this.parseUnary(), position: token.position };
      }
      return this.parsePower();
    } finally {
      this.depth -= 1;
    }
  }

  private parsePower(): ExpressionNode {
    const base = this.parsePrimary();
    const token = this.peek();
    if (!isOperator(token, '^')) return base;
    this.index += 1;
    // The exponent goes back through unary, which gives right-associativity and allows 2^-1.
    const exponent = this.parseUnary();
    return { kind: 'binary', operator: '^', text: token.text, left: base, right: exponent, position: token.position };
  }

  private parsePrimary(): ExpressionNode {
    const token = this.next();
    if (token.kind === 'number') return { kind: 'number', value: token.value, text: token.text, position: token.position };
    if (token.kind === 'punctuation' && token.text === '(') {
      const inner = this.parseAdditive();
      this.expectClosingParenthesis();
      return inner;
    }
    if (token.kind === 'identifier') return this.parseIdentifier(token);
    throw unexpected(token);
  }

  private parseIdentifier(token: Extract<ArithmeticToken, { kind: 'identifier' }>): ExpressionNode {
    const constant = Object.hasOwn(CONSTANTS, token.name) ? CONSTANTS[token.name] : undefined;
    if (constant !== undefined) {
      if (isPunctuation(this.peek(), '(')) {
        throw new ArithmeticError(`${quote(token.text)} is a constant, not a function`, token.position);
      }
      return { kind: 'number', value: constant, text: token.text, position: token.position };
    }
    const fn = Object.hasOwn(FUNCTIONS, token.name) ? FUNCTIONS[token.name] : undefined;
    if (fn === undefined) {
      throw new ArithmeticError(
        `Unknown identifier ${quote(token.text)} (known: ${ARITHMETIC_NAMES.join(', ')})`,
        token.position,
      );
    }
    const open = this.peek();
    if (!isPunctuation(open, '(')) {
      throw new ArithmeticError(`Expected '(' after function ${quote(token.text)} but found ${describe(open)}`, open.position);
    }
    this.index += 1;
    const args = [this.parseAdditive()];
    while (isPunctuation(this.peek(), ',')) {
      this.index += 1;
      args.push(this.parseAdditive());
    }
    this.expectClosingParenthesis();
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `at least ${fn.minArgs}`;
      throw new ArithmeticError(
        `Function ${quote(token.text)} takes ${expected} argument${fn.minArgs === 1 && fn.maxArgs === 1 ? '' : 's'}, got ${args.length}`,
        token.position,
      );
    }
    return { kind: 'call', name: token.name, args, position: token.position };
  }

  private expectClosingParenthesis(): void {
    const token = this.next();
    if (!isPunctuation(token, ')')) {
      throw new ArithmeticError(`Expected ')' but found ${describe(token)}`, token.position);
    }
  }

  private peek(): ArithmeticToken {
    // The token list always ends with an `end` token and the parser never moves past it.
    return this.tokens[Math.min(this.index, this.tokens.length - 1)] as ArithmeticToken;
  }

  private next(): ArithmeticToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}

function evaluate(node: ExpressionNode): number {
  switch (node.kind) {
    case 'number':
      return finite(node.value, `Number ${quote(node.text)}`, node.position);
    case 'unary': {
      const operand = evaluate(node.operand);
      return node.operator === '-' ? -operand : operand;
    }
    case 'binary': {
      const left = evaluate(node.left);
      const right = evaluate(node.right);
      if ((node.operator === '/' || node.operator === '%') && right === 0) {
        throw new ArithmeticError('Division by zero', node.position);
      }
      return finite(applyBinary(node.operator, left, right), `The result of ${quote(node.text)}`, node.position);
    }
    case 'call': {
      const args = node.args.map(evaluate);
      const fn = FUNCTIONS[node.name];
      // The parser only builds calls to known functions.
      if (fn === undefined) throw new ArithmeticError(`Unknown function ${quote(node.name)}`, node.position);
      return finite(fn.apply(args), `The result of ${node.name}(${args.join(', ')})`, node.position);
    }
  }
}

function applyBinary(operator: BinaryOperator, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '%':
      // JavaScript remainder: the sign follows the dividend (-7 % 3 = -1).
      return left % right;
    case '^':
      return left ** right;
  }
}

function finite(value: number, what: string, position: number): number {
  if (!Number.isFinite(value)) {
    throw new ArithmeticError(`${what} is ${Number.isNaN(value) ? 'not a real number' : 'too large'}`, position);
  }
  return value;
}

function isOperator<const Operators extends readonly BinaryOperator[]>(
  token: ArithmeticToken,
  ...operators: Operators
): token is Extract<ArithmeticToken, { kind: 'operator' }> & { operator: Operators[number] } {
  return token.kind === 'operator' && (operators as readonly BinaryOperator[]).includes(token.operator);
}

function isPunctuation(token: ArithmeticToken, text: '(' | ')' | ','): boolean {
  return token.kind === 'punctuation' && token.text === text;
}

function unexpected(token: ArithmeticToken): ArithmeticError {
  if (token.kind === 'end') return new ArithmeticError('Unexpected end of expression', token.position);
  return new ArithmeticError(`Unexpected token ${quote(token.text)}`, token.position);
}

function describe(token: ArithmeticToken): string {
  return token.kind === 'end' ? 'end of expression' : quote(token.text);
}

function quote(text: string): string {
  return `'${text}'`;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
