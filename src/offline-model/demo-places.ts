import { findCity, type City } from '../../tools/city-lookup.js';
import type { DemoLanguage } from './demo-language.js';

/** A place the user named: a city from the table, or just the words they typed. */
export interface Place {
  typed: string;
  city?: City;
}

export function placeNamed(typed: string, city: City | undefined = findCity(typed)): Place {
  return city ? { typed, city } : { typed };
}

/** What the answer calls the place: the city's name in the answer's language, else the words as typed. */
export function placeLabel(place: Place, language: DemoLanguage): string {
  if (!place.city) return place.typed;
  return language === 'zh' ? place.city.zh : place.city.name;
}

/** The city argument for get_weather: the English name, as a model would send it to a weather service. */
export function weatherCity(place: Place): string {
  return place.city?.name ?? place.typed;
}

/** The zone for get_time: the city's, or the place itself when it is an IANA zone ("Europe/Berlin", "UTC"). */
export function placeTimeZone(place: Place): string | undefined {
  if (place.city) return place.city.timeZone;
  const typed = place.typed.trim();
  if (/^(utc|gmt)$/i.test(typed)) return typed.toUpperCase();
  if (!ZONE_NAME.test(typed)) return undefined;
  try {
    // Intl knows the runtime's zone database, so only zones get_time can actually use pass. Its
    // spelling fixes the case ("europe/berlin"), but its renames (Asia/Kolkata → Asia/Calcutta) are not taken.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: typed }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === typed.toLowerCase() ? resolved : typed;
  } catch {
    return undefined;
  }
}

/** The shape of an IANA zone name: "Europe/Berlin", "America/Argentina/Buenos_Aires". */
export const ZONE_NAME = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/;
