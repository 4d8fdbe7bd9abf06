import { CITIES, type City } from './cities.js';

export type { City } from './cities.js';

/**
 * Folds one character for name matching: case, accents, dots and apostrophes do not matter, and
 * hyphens count as spaces, so "SAO-PAULO", "São Paulo" and "sao paulo" are one name, as are
 * "Washington D.C." and "washington dc". NFKD also turns full-width letters into plain ones.
 */
function foldChar(char: string): string {
  if (/[.'’‘`]/u.test(char)) return '';
  if (/[\s\-‐‑–—]/u.test(char)) return ' ';
  return char.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A name as the lookups compare it. */
export function foldName(name: string): string {
  return folded(name).text.trim();
}

/**
 * The folded text, with runs of spaces collapsed, and for each folded character the span of the
 * original character it came from, so a match in the folded text maps back onto the original.
 */
function folded(text: string): { text: string; starts: number[]; ends: number[] } {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const char of text) {
    for (const piece of foldChar(char)) {
      if (piece === ' ' && (out.length === 0 || out.endsWith(' '))) continue;
      out += piece;
      starts.push(index);
      ends.push(index + char.length);
    }
    index += char.length;
  }
  return { text: out, starts, ends };
}

/** Folded name → city. The first city in the table wins a shared name (金斯敦: Kingston before Kingstown). */
const CITY_INDEX: ReadonlyMap<string, City> = (() => {
  const index = new Map<string, City>();
  for (const city of CITIES) {
    for (const name of [city.name, city.zh, ...(city.aliases ?? [])]) {
      const key = foldName(name);
      if (!index.has(key)) index.set(key, city);
    }
  }
  return index;
})();

/** The city with this name, alias or Chinese name, or undefined. */
export function findCity(name: string): City | undefined {
  return CITY_INDEX.get(foldName(name));
}

export interface CityMention {
  city: City;
  /** Where the name starts and ends in the searched text (UTF-16 indices, end exclusive). */
  start: number;
  end: number;
}

/**
 * Country names that contain the name of a city in another country (罗马尼亚 contains 罗马, Rome;
 * "El Salvador" contains Salvador, Brazil). They are matched like city names and then skipped, so
 * the city is not found inside them.
 */
const BLOCKING_COUNTRY_NAMES: ReadonlySet<string> = (() => {
  const blockers = new Set<string>();
  for (const code of new Set(CITIES.map((city) => city.country))) {
    for (const locale of ['en', 'zh']) {
      const country = foldName(new Intl.DisplayNames(locale, { type: 'region' }).of(code) ?? '');
      for (const [name, city] of CITY_INDEX) {
        if (name !== country && country.includes(name) && city.country !== code) blockers.add(country);
      }
    }
  }
  return blockers;
})();

/**
 * Every name in one regular expression, longest first so "New Delhi" wins over "Delhi". Latin names
 * must stand as words; Chinese is written without spaces, so Chinese names match anywhere.
 */
const MENTION_PATTERN: RegExp = (() => {
  const alternatives = [...CITY_INDEX.keys(), ...BLOCKING_COUNTRY_NAMES].sort((a, b) => b.length - a.length);
  const isLatin = (name: string) => /^[a-z0-9]/.test(name);
  const latin = alternatives.filter(isLatin).map(escapeRegExp).join('|');
  const other = alternatives.filter((name) => !isLatin(name)).map(escapeRegExp).join('|');
  // "/" and "_" join words too: the Lisbon in "Europe/Lisbon" is part of a zone name, not a mention.
  return new RegExp(`(?<![a-z0-9/_])(?:${latin})(?![a-z0-9/_])|${other}`, 'gu');
})();

/** Every known city named in `text`, in order, e.g. both cities in "北京和上海的天气". */
export function findCityMentions(text: string): CityMention[] {
  const { text: haystack, starts, ends } = folded(text);
  const mentions: CityMention[] = [];
  for (const match of haystack.matchAll(MENTION_PATTERN)) {
    const city = CITY_INDEX.get(match[0]);
    if (!city || BLOCKING_COUNTRY_NAMES.has(match[0])) continue;
    mentions.push({ city, start: starts[match.index] ?? 0, end: ends[match.index + match[0].length - 1] ?? text.length });
  }
  return mentions;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
