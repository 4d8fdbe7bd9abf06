import * as z from 'zod';
import { defineTool } from '../src/index.js';
import { findCity } from './city-lookup.js';
import { mulberry32 } from './seeded-random.js';

export type TemperatureUnit = 'celsius' | 'fahrenheit';

export interface WeatherReport {
  city: string;
  temperature: number;
  unit: TemperatureUnit;
  condition: WeatherCondition;
  humidityPercent: number;
  windKph: number;
  /** Always present, so neither the model nor a reader of the transcript mistakes this for a forecast. */
  source: string;
}

export const WEATHER_SOURCE = 'deterministic demo data derived from the city name, not a real forecast';

const CONDITIONS = ['sunny', 'partly cloudy', 'cloudy', 'overcast', 'light rain', 'rain', 'thunderstorms', 'fog'] as const;

/** Every `condition` a report can have: rain below freezing turns to snow. */
export type WeatherCondition = (typeof CONDITIONS)[number] | 'snow';

/**
 * A stand-in weather service for demos and tests: no network, no key, and the same city always gets
 * the same weather, so transcripts and assertions are reproducible.
 */
export const getWeather = defineTool({
  name: 'get_weather',
  effect: 'read_only',
  description:
    'Get the current weather for a city. Demo data: deterministic from the city name, not a real forecast.',
  parameters: z.object({
    city: z
      .string()
      .min(1)
      .refine((city) => city.trim() !== '', { message: 'City must not be blank' })
      .describe('City name, e.g. "Paris" or "San Francisco"'),
    unit: z.enum(['celsius', 'fahrenheit']).optional().describe('Temperature unit; celsius when omitted'),
  }),
  execute({ city, unit = 'celsius' }): WeatherReport {
    return weatherFor(city, unit);
  },
});

function weatherFor(city: string, unit: TemperatureUnit): WeatherReport {
  const displayName = city.trim().replace(/\s+/g, ' ');
  // Each derived field takes fresh bits from a generator seeded with the city's hash.
  const random = mulberry32(fnv1a(normalizeCityName(city)));
  const celsius = Math.floor(random() * 41) - 5; // -5 to 35 °C
  let condition: WeatherCondition = CONDITIONS[Math.floor(random() * CONDITIONS.length)] ?? 'sunny';
  // Keep the fiction plausible: no rain below freezing.
  if (celsius <= 0 && condition.includes('rain')) condition = 'snow';
  const humidityPercent = 25 + Math.floor(random() * 71); // 25 to 95 %
  const windKph = Math.floor(random() * 40); // 0 to 39 km/h
  return {
    city: displayName,
    // In tenths first: celsius * 1.8 + 32 would leave float noise such as 69.80000000000001.
    temperature: unit === 'fahrenheit' ? (celsius * 18 + 320) / 10 : celsius,
    unit,
    condition,
    humidityPercent,
    windKph,
    source: WEATHER_SOURCE,
  };
}

/**
 * "  new   YORK " and "New York" are the same city, and so are all the names the city table knows for
 * one city ("Bombay" and "Mumbai", "巴黎" and "Paris"): whichever name the model sends, the weather is the same.
 */
function normalizeCityName(city: string): string {
  return (findCity(city)?.name ?? city).normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** FNV-1a, 32-bit: tiny, stable across platforms and Node versions, unlike anything engine-provided. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
