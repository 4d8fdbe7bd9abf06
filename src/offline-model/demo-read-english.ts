import { findCityMentions, type CityMention } from '../../tools/city-lookup.js';
import { findExpressions } from './demo-expressions.js';
import { placeNamed, type Place } from './demo-places.js';
import { detectUnit, expressionFinding, timeFinding, weatherFinding, type Finding } from './demo-plan.js';

const CUE =
  String.raw`(?:also\s+)?(?:what|what's|whats|how|tell|calculate|compute|evaluate|check|get|find|give|show|` +
  String.raw`the\s+(?:time|weather|current|temperature|forecast)|time|weather|current|temperature|forecast)\b`;
/**
 * Clauses end at sentence punctuation, or at "and"/"," when a new question starts — so
 * "weather in Paris and Tokyo" stays one clause while "weather in Paris and what time…" splits.
 */
const CLAUSE_BREAK = new RegExp(String.raw`[?!;]+|\.(?=\s|$)|,?\s+(?:and|also|then|plus)\s+(?=${CUE})|,\s*(?=${CUE})`, 'gi');

const WEATHER_WORDS = /\b(?:weather|forecast|temperatures?|raining|rain|snowing|snow|sunny|humid|humidity|windy|hot|cold|warm|chilly)\b/i;
const TIME_WORDS = /\b(?:time|clock|time\s*zone|timezone)\b/i;
const UNIT_PHRASE = /(?:\bin\s+)?(?:degrees\s+)?(?:\b(?:fahrenheit|celsius|centigrade)\b|°\s*[fc]\b)/gi;
const FILLER = /\b(?:right now|now|today|tonight|tomorrow|currently|at the moment|please|again|too|as well|instead|this (?:morning|afternoon|evening|week|weekend)|like)\b/gi;
const PLACE_LIST_SEPARATOR = /\s*(?:,|&|\band\b|\bor\b|\bplus\b|\bversus\b|\bvs\.?)\s*/i;
const NOT_A_PLACE = new Set(['it', 'there', 'here', 'me', 'us', 'you', 'the moment']);

interface Clause {
  text: string;
  /** Where the clause starts in the question. */
  offset: number;
  places: Place[];
  /** Joined to the next clause by "and"/"," rather than ended by punctuation. */
  joinsNext: boolean;
}

/** Reads an English question into findings, clause by clause. */
export function readEnglish(text: string): Finding[] {
  const normalized = text.replace(/[’‘]/g, "'");
  const unit = detectUnit(normalized);
  const clauses = splitClauses(normalized);

  return clauses.flatMap((clause, i) => {
    const next = clauses[i + 1];
    // "the time and the weather in Paris" splits before "the weather": a clause naming no place shares the next one's.
    const places = clause.places.length > 0 || !clause.joinsNext || !next ? clause.places : next.places;
    const findings: Finding[] = [];
    const weather = WEATHER_WORDS.exec(clause.text);
    if (weather) findings.push(weatherFinding(clause.offset + weather.index, places, unit, 'en'));
    const time = TIME_WORDS.exec(clause.text);
    if (time) findings.push(timeFinding(clause.offset + time.index, places, 'en'));
    for (const found of findExpressions(clause.text)) findings.push(expressionFinding(clause.offset, found));
    return findings;
  });
}

/** Splits at CLAUSE_BREAK, except inside a city's name: the "." of "St. John's" ends no sentence. */
function splitClauses(text: string): Clause[] {
  const cities = findCityMentions(text);
  const inCityName = (index: number) => cities.some((city) => index > city.start && index < city.end);
  const clauses: Clause[] = [];
  let start = 0;
  const add = (end: number, separator: string) => {
    const clauseText = text.slice(start, end);
    clauses.push({ text: clauseText, offset: start, places: findPlaces(clauseText), joinsNext: separator !== '' && !/[.?!;]/.test(separator) });
  };
  for (const match of text.matchAll(CLAUSE_BREAK)) {
    if (inCityName(match.index)) continue;
    add(match.index, match[0]);
    start = match.index + match[0].length;
  }
  add(text.length, '');
  return clauses;
}

/** Places named after "in/for/at", or failing that any known city mentioned in the clause. */
function findPlaces(clause: string): Place[] {
  const cleaned = clause.replace(UNIT_PHRASE, ' ').replace(FILLER, ' ');
  const afterPreposition = /\b(?:(?:in|for|at)\s+)+(.+)$/i.exec(cleaned)?.[1];
  if (afterPreposition) {
    // "Paris and in Tokyo": a preposition right after a list separator continues the list.
    const list =
      afterPreposition
        .replace(/(,|&|\band\b|\bor\b)\s+(?:in|for|at)\s+/gi, '$1 ')
        .split(/\s+(?:in|for|at|on|with|to|during|from)\s+/i)[0] ?? '';
    const places = list.split(PLACE_LIST_SEPARATOR).map(toPlace).filter((place): place is Place => place !== undefined);
    if (places.length > 0) return places;
  }
  return findCityMentions(clause).map((mention: CityMention) => placeNamed(clause.slice(mention.start, mention.end), mention.city));
}

function toPlace(candidate: string): Place | undefined {
  const trimmed = candidate.replace(/^[\s"'“”.,:]+|[\s"'“”,:]+$/g, '').replace(/\s+/g, ' ');
  const known = placeNamed(trimmed);
  if (known.city) return known;
  const withoutArticle = trimmed.replace(/^the\s+/i, '').replace(/\.+$/, '');
  if (withoutArticle.length === 0 || withoutArticle.length > 50) return undefined;
  if (!/^[\p{L}]/u.test(withoutArticle) || /\d/.test(withoutArticle) || NOT_A_PLACE.has(withoutArticle.toLowerCase())) return undefined;
  return placeNamed(capitalized(withoutArticle));
}

/** Lower-case input reads better in answers as "Springfield"; zone names and mixed case are kept as typed. */
function capitalized(place: string): string {
  if (place !== place.toLowerCase() || place.includes('/')) return place;
  return place.replace(/(^|[\s-])(\p{L})/gu, (_match, lead: string, letter: string) => lead + letter.toUpperCase());
}
