/**
 * Enough major cities to make the demo feel natural; anything else can be asked for by its
 * IANA zone name directly. Keys are lower-case for lookup.
 */
export const CITY_TIMEZONES: Readonly<Record<string, string>> = {
  'new york': 'America/New_York',
  'los angeles': 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles',
  chicago: 'America/Chicago',
  denver: 'America/Denver',
  toronto: 'America/Toronto',
  'mexico city': 'America/Mexico_City',
  'sao paulo': 'America/Sao_Paulo',
  'são paulo': 'America/Sao_Paulo',
  'buenos aires': 'America/Argentina/Buenos_Aires',
  honolulu: 'Pacific/Honolulu',
  london: 'Europe/London',
  paris: 'Europe/Paris',
  berlin: 'Europe/Berlin',
  madrid: 'Europe/Madrid',
  rome: 'Europe/Rome',
  amsterdam: 'Europe/Amsterdam',
  moscow: 'Europe/Moscow',
  istanbul: 'Europe/Istanbul',
  cairo: 'Africa/Cairo',
  lagos: 'Africa/Lagos',
  nairobi: 'Africa/Nairobi',
  johannesburg: 'Africa/Johannesburg',
  dubai: 'Asia/Dubai',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  singapore: 'Asia/Singapore',
  'hong kong': 'Asia/Hong_Kong',
  shanghai: 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  tokyo: 'Asia/Tokyo',
  seoul: 'Asia/Seoul',
  sydney: 'Australia/Sydney',
  melbourne: 'Australia/Melbourne',
  auckland: 'Pacific/Auckland',
};

/** Resolves a city name or a literal zone ("Europe/Berlin", "UTC") to an IANA zone, or undefined. */
export function resolveTimezone(place: string): string | undefined {
  const trimmed = place.trim();
  const fromCity = CITY_TIMEZONES[trimmed.toLowerCase()];
  if (fromCity) return fromCity;
  if (/^(utc|gmt)$/i.test(trimmed)) return trimmed.toUpperCase();
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(trimmed)) return undefined;
  try {
    // Intl knows the runtime's zone database, so only zones get_time can actually use pass.
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
