import {
  ARITHMETIC_NAMES,
  findSyntaxError,
  isArithmeticName,
  tokenizeFrom,
  type ArithmeticToken,
} from '../../tools/arithmetic.js';

/** Arithmetic found in a question: an expression for the calculate tool, or math the demo could not read. */
export type ExpressionFinding =
  | { index: number; expression: string }
  | { index: number; unclear: string };

const NUMBER = String.raw`\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** Word operators only count between operands, so 新加坡 (Singapore) is not "new + slope". */
const AFTER_OPERAND = String.raw`(?<=[\d)]\s*)`;
const BEFORE_OPERAND = String.raw`(?=\s*(?:[\d(.+-]|(?:${ARITHMETIC_NAMES.join('|')})\b))`;

function between(words: string, operator: string): [RegExp, string] {
  return [new RegExp(`${AFTER_OPERAND}\\s*(?:${words})${BEFORE_OPERAND}`, 'gi'), ` ${operator} `];
}

/**
 * How people write arithmetic in words and symbols, rewritten into the calculate tool's syntax
 * ("+ - * / % ^ sqrt()"). Only vocabulary lives here; what counts as an expression is decided by
 * the tool's own tokenizer and parser.
 */
const WORD_OPERATORS: ReadonlyArray<[RegExp, string]> = [
  [/[×✕]/g, '*'],
  [/÷/g, '/'],
  [new RegExp(String.raw`(?:the\s+)?square\s+root\s+of\s+(${NUMBER})`, 'gi'), 'sqrt($1)'],
  [/(?:the\s+)?square\s+root\s+of\s*(?=\()/gi, 'sqrt'],
  [new RegExp(String.raw`\bsqrt\s+(${NUMBER})`, 'gi'), 'sqrt($1)'],
  [new RegExp(String.raw`(?:根号|平方根)\s*(${NUMBER})`, 'g'), 'sqrt($1)'],
  [/(?:根号|平方根)\s*(?=\()/g, 'sqrt'],
  [new RegExp(String.raw`(${NUMBER})\s*的?\s*平方根`, 'g'), 'sqrt($1)'],
  [/(\([^()]*\))\s*的?\s*平方根/g, 'sqrt$1'],
  [new RegExp(String.raw`\s*的?\s*([-+]?${NUMBER})\s*次(?:方|幂)`, 'g'), '^$1'],
  [/\s*的\s*平方(?!根)/g, '^2'],
  [/\s*的\s*立方(?!根)/g, '^3'],
  [new RegExp(String.raw`${AFTER_OPERAND}\s+squared\b`, 'gi'), '^2'],
  [new RegExp(String.raw`${AFTER_OPERAND}\s+cubed\b`, 'gi'), '^3'],
  between(String.raw`(?:raised\s+)?to\s+the\s+power\s+of`, '^'),
  between(String.raw`plus|加上|加`, '+'),
  between(String.raw`minus|减去|减`, '-'),
  between(String.raw`times|multiplied\s+by|乘以|乘|x`, '*'),
  between(String.raw`divided\s+by|除以`, '/'),
  between(String.raw`mod|modulo`, '%'),
  [/(?<![\d)]\s*)负(?=\s*[\d(])/g, '-'],
];

/** Superscript digits, which NFKC would otherwise turn into plain ones ("2²" into "22"). */
const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
};

/**
 * The question as the calculator would read it: full-width forms folded to ASCII ("（３＋４）×５"
 * → "(3+4)*5"), typographic and spelled-out operators replaced. Lengths change, so positions in the
 * result only roughly match the original (enough to order the findings).
 */
function calculatorView(text: string): string {
  let view = text
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu, (digits) => `^${[...digits].map((digit) => SUPERSCRIPTS[digit] ?? '').join('')}`)
    .normalize('NFKC')
    // Only the minus sign: an en dash is a range ("3–5 days"), and "·" can be a decimal point.
    .replace(/−/g, '-');
  for (const [pattern, replacement] of WORD_OPERATORS) view = view.replace(pattern, replacement);
  return dropThousandsSeparators(view);
}

/** "1,000,000 + 1" means 1000001; the tool has no digit grouping. Inside parentheses a comma separates arguments. */
function dropThousandsSeparators(text: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    const grouping = char === ',' && depth === 0 && /\d$/.test(out) && /^\d{3}(?!\d)/.test(text.slice(i + 1));
    if (!grouping) out += char;
  }
  return out;
}

/**
 * The arithmetic in one clause, in order. The text is cut into runs the calculate tool's tokenizer
 * accepts, runs are split at words that are not its functions or constants ("what", "is") and at
 * commas outside parentheses, and each piece that looks like a calculation is checked with the
 * tool's parser: a piece that does not parse is reported as unclear rather than trimmed into
 * something that does, so the demo never silently computes a different expression.
 */
export function findExpressions(clause: string): ExpressionFinding[] {
  const view = calculatorView(clause);
  const findings: ExpressionFinding[] = [];
  for (let start = 0; start < view.length; ) {
    const { tokens, stop } = tokenizeFrom(view, start);
    for (const piece of pieces(tokens)) {
      const finding = classify(view, piece);
      if (finding) findings.push(finding);
    }
    start = stop + 1;
  }
  return findings;
}

function pieces(tokens: readonly ArithmeticToken[]): ArithmeticToken[][] {
  const result: ArithmeticToken[][] = [];
  let current: ArithmeticToken[] = [];
  let depth = 0;
  const cut = () => {
    if (current.length > 0) result.push(current);
    current = [];
    depth = 0;
  };
  for (const token of tokens) {
    if (token.kind === 'identifier' && !isArithmeticName(token.name)) {
      cut();
      continue;
    }
    if (token.kind === 'punctuation' && token.text === ',' && depth === 0) {
      cut();
      continue;
    }
    if (token.kind === 'punctuation' && token.text === '(') depth += 1;
    if (token.kind === 'punctuation' && token.text === ')') depth -= 1;
    current.push(token);
  }
  cut();
  return result;
}

/**
 * Drops parentheses that pair with ones in the surrounding prose, e.g. the ")" of "(what is 2+3)".
 * One that pairs with nothing is the user's typo and stays, so the piece fails to parse and the
 * user is asked to rephrase instead of getting "3+4" for "(3+4".
 */
function withoutProseParentheses(view: string, piece: readonly ArithmeticToken[]): ArithmeticToken[] {
  const tokens = [...piece];
  const start = tokens[0]?.position ?? 0;
  const end = (tokens.at(-1)?.position ?? 0) + (tokens.at(-1)?.text.length ?? 0);
  const openBefore = balance(view.slice(0, start));
  const closedAfter = -balance(view.slice(end));
  for (let dropped = 0; dropped < openBefore && balance(tokens) < 0 && isParenthesis(tokens.at(-1), ')'); dropped += 1) tokens.pop();
  for (let dropped = 0; dropped < closedAfter && balance(tokens) > 0 && isParenthesis(tokens[0], '('); dropped += 1) tokens.shift();
  return tokens;
}

/** Open minus closed parentheses. */
function balance(text: string | readonly ArithmeticToken[]): number {
  const chars = typeof text === 'string' ? [...text] : text.map((token) => (token.kind === 'punctuation' ? token.text : ''));
  return chars.reduce((sum, char) => sum + (char === '(' ? 1 : char === ')' ? -1 : 0), 0);
}

function classify(view: string, found: readonly ArithmeticToken[]): ExpressionFinding | undefined {
  const piece = withoutProseParentheses(view, found);
  const first = piece[0];
  const last = piece.at(-1);
  if (!first || !last || !isCalculation(piece) || isDate(piece)) return undefined;
  const text = view.slice(first.position, last.position + last.text.length).replace(/\s+/g, ' ').trim();
  return findSyntaxError(text) ? { index: first.position, unclear: text } : { index: first.position, expression: text };
}

/**
 * A calculation has a value and something to do with it: an operator between two operands, a power,
 * or parentheses (which every function call has). "3 cities", "-5 degrees" or the "e" of "e.g." are not.
 */
function isCalculation(piece: readonly ArithmeticToken[]): boolean {
  const hasValue = piece.some((token) => token.kind === 'number' || token.kind === 'identifier');
  const hasWork = piece.some(
    (token, i) =>
      (token.kind === 'operator' && (token.operator === '^' || endsOperand(piece[i - 1]))) || isParenthesis(token, '('),
  );
  return hasValue && hasWork;
}

function endsOperand(token: ArithmeticToken | undefined): boolean {
  return token !== undefined && (token.kind === 'number' || token.kind === 'identifier' || isParenthesis(token, ')'));
}

/** "2024-05-01" has minus signs but is a date, not a subtraction. */
function isDate(piece: readonly ArithmeticToken[]): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(piece.map((token) => token.text).join(''));
}

function isParenthesis(token: ArithmeticToken | undefined, text: '(' | ')'): boolean {
  return token?.kind === 'punctuation' && token.text === text;
}
