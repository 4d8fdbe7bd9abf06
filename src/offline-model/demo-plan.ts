import type { TemperatureUnit } from '../../tools/get-weather.js';
import type { ExpressionFinding } from './demo-expressions.js';
import type { DemoLanguage } from './demo-language.js';
import { placeLabel, placeTimeZone, weatherCity, type Place } from './demo-places.js';

export type DemoToolName = 'get_weather' | 'get_time' | 'calculate' | 'save_note';

/** A tool call the demo wants made, plus what it is about in the question's language (for the answer). */
export interface PlannedCall {
  name: DemoToolName;
  arguments: Record<string, string>;
  subject: string;
}

/** Something the user asked that the demo understood but cannot turn into a call; the answer says so. */
export type Unresolved =
  | { kind: 'weather_needs_city' }
  | { kind: 'time_needs_place' }
  | { kind: 'unknown_time_zone'; place: string }
  | { kind: 'unclear_expression'; expression: string }
  | { kind: 'note_needs_text' };

/** What one part of the question asks for, with its position so the parts keep the order they were asked in. */
export interface Finding {
  position: number;
  calls: PlannedCall[];
  unresolved: Unresolved[];
}

/** "in fahrenheit", "°F", "华氏" anywhere in the question set the unit of every weather call in it. */
export function detectUnit(text: string): TemperatureUnit | undefined {
  if (/\bfahrenheit\b|°\s*f\b|℉|华氏/i.test(text)) return 'fahrenheit';
  if (/\b(?:celsius|centigrade)\b|°\s*c\b|℃|摄氏/i.test(text)) return 'celsius';
  return undefined;
}

export function weatherFinding(
  position: number,
  places: readonly Place[],
  unit: TemperatureUnit | undefined,
  language: DemoLanguage,
): Finding {
  if (places.length === 0) return { position, calls: [], unresolved: [{ kind: 'weather_needs_city' }] };
  const calls = places.map((place): PlannedCall => {
    // Omitted rather than defaulted: the tool's own default applies unless the user named a unit.
    const args: Record<string, string> = { city: weatherCity(place) };
    if (unit) args['unit'] = unit;
    return { name: 'get_weather', arguments: args, subject: placeLabel(place, language) };
  });
  return { position, calls, unresolved: [] };
}

export function timeFinding(position: number, places: readonly Place[], language: DemoLanguage): Finding {
  if (places.length === 0) return { position, calls: [], unresolved: [{ kind: 'time_needs_place' }] };
  const finding: Finding = { position, calls: [], unresolved: [] };
  for (const place of places) {
    const timezone = placeTimeZone(place);
    if (timezone) finding.calls.push({ name: 'get_time', arguments: { timezone }, subject: placeLabel(place, language) });
    else finding.unresolved.push({ kind: 'unknown_time_zone', place: place.typed });
  }
  return finding;
}

export function expressionFinding(offset: number, found: ExpressionFinding): Finding {
  const position = offset + found.index;
  return 'expression' in found
    ? { position, calls: [{ name: 'calculate', arguments: { expression: found.expression }, subject: found.expression }], unresolved: [] }
    : { position, calls: [], unresolved: [{ kind: 'unclear_expression', expression: found.unclear }] };
}

export function noteFinding(position: number, note: string): Finding {
  if (note === '') return { position, calls: [], unresolved: [{ kind: 'note_needs_text' }] };
  return { position, calls: [{ name: 'save_note', arguments: { note }, subject: note }], unresolved: [] };
}
