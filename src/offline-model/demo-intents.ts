import { CITY_TIMEZONES, resolveTimezone } from './city-timezones.js';

export type DemoToolName = 'get_weather' | 'get_time' | 'calculate';

/** A tool call the demo wants made, plus the user's own words for what it is about (for the answer). */
export interface PlannedCall {
  name: DemoToolName;
  arguments: Record<string, string>;
  subject: string;
}

export interface DemoIntents {
  calls: PlannedCall[];
  /** Things the user asked that the demo understood but cannot turn into a call, phrased for the answer. */
  unresolved: string[];
}

const CUE =
  String.raw`(?:also\s+)?(?:what|what's|whats|how|tell|calculate|compute|evaluate|check|get|find|give|show|` +
  String.raw`the\s+(?:time|weather|current|temperature|forecast)|time|weather|current|temperature|forecast)\b`;
/**
 * Clauses end at sentence punctuation, or at "and"/"," when a new question starts — so
 * "weather in Paris and Tokyo" stays one clause while "weather in Paris and what time…" splits.
 */
const CLAUSE_BREAK = new RegExp(String.raw`([?!;]+|\.(?=\s|$)|,?\s+(?:and|also|then|plus)\s+(?=${CUE})|,\s*(?=${CUE}))`, 'i');

const WEATHER_WORDS = /\b(?:weather|forecast|temperatures?|raining|rain|snowing|snow|sunny|humid|humidity|windy|hot|cold|warm|chilly)\b/i;
const TIME_WORDS = /\b(?:time|clock|time\s*zone|timezone)\b/i;
const UNIT_PHRASE = /(?:\bin\s+)?(?:degrees\s+)?(?:\b(?:fahrenheit|celsius|centigrade)\b|°\s*[fc]\b)/gi;
const FILLER = /\b(?:right now|now|today|tonight|tomorrow|currently|at the moment|please|again|too|as well|instead|this (?:morning|afternoon|evening|week|weekend)|like)\b/gi;
const PLACE_LIST_SEPARATOR = /\s*(?:,|&|\band\b|\bor\b|\bplus\b|\bversus\b|\bvs\.?)\s*/i;
const NOT_A_PLACE = new Set(['it', 'there', 'here', 'me', 'us', 'you', 'the moment']);

const WORD_OPERATORS: ReadonlyArray<[RegExp, string]> = [
  [/\bplus\b/gi, '+'],
  [/\bminus\b/gi, '-'],
  [/\b(?:times|multiplied by)\b/gi, '*'],
  [/\bdivided by\b/gi, '/'],
  [/×/g, '*'],
  [/÷/g, '/'],
];
const MATH_FUNCTION = String.raw`\b(?:sqrt|abs|round|floor|ceil|min|max)\s*\(`;
const EXPRESSION_RUN = new RegExp(String.raw`(?:${MATH_FUNCTION}|[-(\d.])(?:[\d\s.+\-*/^%(),]|${MATH_FUNCTION}|\bpi\b)*`, 'gi');
const HAS_FUNCTION_CALL = new RegExp(MATH_FUNCTION, 'i');
/** "2024-05-01" has minus signs but is a date, not a subtraction. */
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;
const HAS_BINARY_OPERATOR = /[\d)]\s*[-+*/^%]\s*[-\d(.]/;

/** Reads the user's message into tool calls, in the order the user asked for things. */
export function findIntents(text: string): DemoIntents {
  const normalized = text.replace(/[’‘]/g, "'");
  const unit = detectUnit(normalized);
  // The capturing group keeps separators, so odd entries say how two clauses were joined.
  const parts = normalized.split(CLAUSE_BREAK);
  const clauses: Array<{ text: string; places: string[]; joinsNext: boolean }> = [];
  for (let i = 0; i < parts.length; i += 2) {
    const separator = parts[i + 1] ?? '';
    const clauseText = parts[i] ?? '';
    clauses.push({ text: clauseText, places: findPlaces(clauseText), joinsNext: separator !== '' && !/[.?!;]/.test(separator) });
  }

  const found: Array<{ position: number; calls: PlannedCall[]; unresolved: string[] }> = [];
  clauses.forEach((clause, i) => {
    const next = clauses[i + 1];
    // "the time and the weather in Paris" splits before "the weather": a clause naming no place shares the next one's.
    const places = clause.places.length > 0 || !clause.joinsNext || !next ? clause.places : next.places;
    const inClause: typeof found = [];
    const weather = WEATHER_WORDS.exec(clause.text);
    if (weather) inClause.push({ position: weather.index, ...weatherIntents(places, unit) });
    const time = TIME_WORDS.exec(clause.text);
    if (time) inClause.push({ position: time.index, ...timeIntents(places) });
    for (const expression of findExpressions(clause.text)) {
      inClause.push({ position: expression.index, calls: [calculation(expression.text)], unresolved: [] });
    }
    found.push(...inClause.sort((a, b) => a.position - b.position));
  });

  const calls: PlannedCall[] = [];
  const seen = new Set<string>();
  for (const call of found.flatMap((entry) => entry.calls)) {
    const key = `${call.name}:${JSON.stringify(call.arguments)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    calls.push(call);
  }
  return { calls, unresolved: found.flatMap((entry) => entry.unresolved) };
}

function detectUnit(text: string): 'celsius' | 'fahrenheit' | undefined {
  if (/\bfahrenheit\b|°\s*f\b/i.test(text)) return 'fahrenheit';
  if (/\b(?:celsius|centigrade)\b|°\s*c\b/i.test(text)) return 'celsius';
  return undefined;
}

function weatherIntents(places: readonly string[], unit: 'celsius' | 'fahrenheit' | undefined): DemoIntents {
  if (places.length === 0) {
    return { calls: [], unresolved: ['To check the weather I need a city, for example "What\'s the weather in Paris?".'] };
  }
  return {
    calls: places.map((city): PlannedCall => {
      // Omitted rather than defaulted: the tool's own default applies unless the user named a unit.
      const args: Record<string, string> = { city };
      if (unit) args['unit'] = unit;
      return { name: 'get_weather', arguments: args, subject: city };
    }),
    unresolved: [],
  };
}

function timeIntents(places: readonly string[]): DemoIntents {
  if (places.length === 0) {
    return { calls: [], unresolved: ['To tell the time I need a city or an IANA time zone, for example "What time is it in Asia/Tokyo?".'] };
  }
  const result: DemoIntents = { calls: [], unresolved: [] };
  for (const place of places) {
    const timezone = resolveTimezone(place);
    if (timezone) {
      result.calls.push({ name: 'get_time', arguments: { timezone }, subject: place });
    } else {
      result.unresolved.push(
        `I don't know the time zone of ${place}; ask again with an IANA zone name such as "Europe/Berlin".`,
      );
    }
  }
  return result;
}

function calculation(expression: string): PlannedCall {
  return { name: 'calculate', arguments: { expression }, subject: expression };
}

/** Places named after "in/for/at", or failing that any known city mentioned in the clause. */
function findPlaces(clause: string): string[] {
  const cleaned = clause.replace(UNIT_PHRASE, ' ').replace(FILLER, ' ');
  const afterPreposition = /\b(?:(?:in|for|at)\s+)+(.+)$/i.exec(cleaned)?.[1];
  if (afterPreposition) {
    // "Paris and in Tokyo": a preposition right after a list separator continues the list.
    const list =
      afterPreposition
        .replace(/(,|&|\band\b|\bor\b)\s+(?:in|for|at)\s+/gi, '$1 ')
        .split(/\s+(?:in|for|at|on|with|to|during|from)\s+/i)[0] ?? '';
    const places = list.split(PLACE_LIST_SEPARATOR).map(cleanPlace).filter((place): place is string => place !== undefined);
    if (places.length > 0) return places;
  }
  return knownCitiesIn(clause);
}

function cleanPlace(candidate: string): string | undefined {
  const trimmed = candidate
    .replace(/^\s*the\s+/i, '')
    .replace(/^[\s"'“”.,:]+|[\s"'“”.,:]+$/g, '')
    .replace(/\s+/g, ' ');
  if (trimmed.length === 0 || trimmed.length > 50) return undefined;
  if (!/^[\p{L}]/u.test(trimmed) || /\d/.test(trimmed) || NOT_A_PLACE.has(trimmed.toLowerCase())) return undefined;
  // Lower-case input reads better in answers as "New York"; zone names and mixed case are kept as typed.
  if (trimmed === trimmed.toLowerCase() && !trimmed.includes('/')) {
    return trimmed.replace(/(^|[\s-])(\p{L})/gu, (_match, lead: string, letter: string) => lead + letter.toUpperCase());
  }
  return trimmed;
}

function knownCitiesIn(clause: string): string[] {
  const lower = clause.toLowerCase();
  const hits: Array<{ index: number; end: number; name: string }> = [];
  // Longest names first so "New Delhi" is not also counted as "Delhi".
  const names = Object.keys(CITY_TIMEZONES).sort((a, b) => b.length - a.length);
  for (const name of names) {
    const match = new RegExp(`(?<![\\p{L}])${escapeRegExp(name)}(?![\\p{L}])`, 'u').exec(lower);
    if (!match) continue;
    const index = match.index;
    const end = index + name.length;
    if (hits.some((hit) => index < hit.end && end > hit.index)) continue;
    hits.push({ index, end, name: clause.slice(index, end) });
  }
  return hits.sort((a, b) => a.index - b.index).map((hit) => cleanPlace(hit.name) ?? hit.name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Arithmetic runs such as "2 + 3 * 4" or "(1+2)/3"; a lone number is not a calculation. */
function findExpressions(clause: string): Array<{ index: number; text: string }> {
  let text = clause;
  for (const [pattern, operator] of WORD_OPERATORS) text = text.replace(pattern, ` ${operator} `);
  const expressions: Array<{ index: number; text: string }> = [];
  for (const match of text.matchAll(EXPRESSION_RUN)) {
    const expression = balanceParentheses(match[0].replace(/[\s+\-*/^%.,]+$/, '').trim()).replace(/\s+/g, ' ');
    const isCalculation = HAS_BINARY_OPERATOR.test(expression) || HAS_FUNCTION_CALL.test(expression);
    if (/\d/.test(expression) && isCalculation && !ISO_DATE.test(expression)) {
      expressions.push({ index: match.index, text: expression });
    }
  }
  return expressions;
}

/** Drops parentheses that belong to the surrounding prose, e.g. the ")" in "(what is 2+3)". */
function balanceParentheses(expression: string): string {
  let result = expression;
  const depth = (s: string): number => [...s].reduce((d, c) => d + (c === '(' ? 1 : c === ')' ? -1 : 0), 0);
  while (depth(result) < 0 && result.endsWith(')')) result = result.slice(0, -1).trimEnd();
  while (depth(result) > 0 && result.startsWith('(')) result = result.slice(1).trimStart();
  return result;
}
