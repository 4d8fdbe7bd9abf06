import { findCityMentions } from '../../tools/city-lookup.js';
import { findExpressions } from './demo-expressions.js';
import { placeNamed, ZONE_NAME, type Place } from './demo-places.js';
import { detectUnit, expressionFinding, timeFinding, weatherFinding, type Finding } from './demo-plan.js';

const WEATHER_WORDS = /天气|气温|温度|湿度|下雨|下雪|冷不冷|热不热|冷吗|热吗|预报|\bweather\b/giu;
const TIME_WORDS = /几点|时间|时区|钟点|\btime\b/giu;
/** Words that join two questions: "北京的天气，还有东京现在几点？". */
const CONNECTIVES = /还有|另外|以及|然后|并且|同时|顺便/gu;
const SENTENCE_END = /[。！？；!?;\n]/u;
/**
 * A Latin-letter name inside Chinese text is a place when it is a zone ("Europe/Lisbon现在几点") or
 * capitalised ("Springfield的天气"); known cities are found by the city table first.
 */
const LATIN_NAME = /[A-Za-z][A-Za-z0-9_+\-/'. ]*[A-Za-z0-9]|[A-Za-z]/g;

interface Clause {
  text: string;
  offset: number;
}

interface Ask {
  kind: 'weather' | 'time';
  /** In the whole question. */
  position: number;
  places: Place[];
}

/**
 * Reads a Chinese question into findings. Places attach to the next thing asked after them
 * ("北京的天气和东京的时间": weather in Beijing, time in Tokyo); something asked with no place of
 * its own takes the places of the question before it ("东京现在几点，天气怎么样？") or, failing
 * that, of a later clause that names places and asks nothing ("天气怎么样？北京").
 */
export function readChinese(text: string): Finding[] {
  const unit = detectUnit(text);
  const asks: Ask[] = [];
  const findings: Finding[] = [];
  let carried: Place[] = [];
  let waiting: Ask[] = [];
  let lastPlaces: Place[] = [];

  for (const clause of splitClauses(text)) {
    for (const found of findExpressions(clause.text)) findings.push(expressionFinding(clause.offset, found));

    const clauseAsks: Ask[] = [];
    let pending = carried;
    carried = [];
    for (const event of eventsIn(clause)) {
      if ('place' in event) {
        pending = [...pending, event.place];
      } else {
        clauseAsks.push({ kind: event.kind, position: clause.offset + event.position, places: pending });
        pending = [];
      }
    }

    if (clauseAsks.length === 0) {
      if (pending.length > 0 && waiting.length > 0) {
        for (const ask of waiting) ask.places = pending;
        waiting = [];
        lastPlaces = pending;
      } else {
        carried = pending;
      }
      continue;
    }

    // Places after the last question ("查一下天气：巴黎") belong to it.
    const last = clauseAsks.at(-1);
    if (pending.length > 0 && last) last.places = [...last.places, ...pending];
    clauseAsks.forEach((ask, i) => {
      if (ask.places.length > 0) return;
      const before = clauseAsks.slice(0, i).findLast((other) => other.places.length > 0);
      ask.places = before?.places ?? lastPlaces;
      if (ask.places.length === 0) waiting.push(ask);
    });
    lastPlaces = clauseAsks.findLast((ask) => ask.places.length > 0)?.places ?? lastPlaces;
    asks.push(...clauseAsks);
  }

  for (const { kind, position, places } of asks) {
    findings.push(kind === 'weather' ? weatherFinding(position, places, unit, 'zh') : timeFinding(position, places, 'zh'));
  }
  return findings;
}

/**
 * Splits at sentence punctuation, at connectives, and at commas outside parentheses and digit
 * groups, so "max(3, 7)" and "1,000" stay whole.
 */
function splitClauses(text: string): Clause[] {
  const cuts: Array<{ start: number; end: number }> = [];
  for (const match of text.matchAll(CONNECTIVES)) cuts.push({ start: match.index, end: match.index + match[0].length });
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (char === '(' || char === '（') depth += 1;
    else if (char === ')' || char === '）') depth = Math.max(0, depth - 1);
    const comma = (char === ',' || char === '，') && depth === 0 && !/\d/.test(text.charAt(i + 1));
    if (comma || SENTENCE_END.test(char)) cuts.push({ start: i, end: i + 1 });
  }
  cuts.sort((a, b) => a.start - b.start);

  const clauses: Clause[] = [];
  let start = 0;
  for (const cut of [...cuts, { start: text.length, end: text.length }]) {
    if (cut.start < start) continue;
    if (cut.start > start) clauses.push({ text: text.slice(start, cut.start), offset: start });
    start = cut.end;
  }
  return clauses;
}

type ClauseEvent = { position: number; place: Place } | { position: number; kind: 'weather' | 'time' };

/** The places and the questions of a clause, in the order they are written. */
function eventsIn(clause: Clause): ClauseEvent[] {
  const events: ClauseEvent[] = [];
  let rest = clause.text;
  for (const mention of findCityMentions(clause.text)) {
    events.push({ position: mention.start, place: placeNamed(clause.text.slice(mention.start, mention.end), mention.city) });
    // Blanked out so the Latin-name scan below does not find "Paris" a second time.
    rest = rest.slice(0, mention.start) + ' '.repeat(mention.end - mention.start) + rest.slice(mention.end);
  }
  for (const match of rest.matchAll(LATIN_NAME)) {
    const name = match[0].trim();
    if (ZONE_NAME.test(name) || /^(?:utc|gmt)$/i.test(name) || /^[A-Z]/.test(name)) {
      events.push({ position: match.index, place: placeNamed(name) });
    }
  }
  for (const match of clause.text.matchAll(WEATHER_WORDS)) events.push({ position: match.index, kind: 'weather' });
  for (const match of clause.text.matchAll(TIME_WORDS)) events.push({ position: match.index, kind: 'time' });
  return events.sort((a, b) => a.position - b.position);
}
