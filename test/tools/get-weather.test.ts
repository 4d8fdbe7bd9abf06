import { describe, expect, it } from 'vitest';
import { getWeather, WEATHER_SOURCE } from '../../tools/get-weather.js';
import { toolContext } from './context.js';

const weather = async (city: string, unit?: 'celsius' | 'fahrenheit') =>
  await getWeather.execute(unit === undefined ? { city } : { city, unit }, toolContext());

describe('get_weather definition', () => {
  it('is a strict function tool whose optional unit is required-but-nullable on the wire', () => {
    expect(getWeather.name).toBe('get_weather');
    expect(getWeather.definition).toEqual({
      type: 'function',
      function: {
        name: 'get_weather',
        description: expect.stringContaining('not a real forecast'),
        strict: true,
        parameters: {
          type: 'object',
          properties: {
            // minLength is outside strict mode's subset: zod enforces it instead (see strict-json-schema.ts).
            city: { type: 'string', description: expect.any(String) },
            unit: {
              description: expect.any(String),
              anyOf: [{ type: 'string', enum: ['celsius', 'fahrenheit'] }, { type: 'null' }],
            },
          },
          required: ['city', 'unit'],
          additionalProperties: false,
        },
      },
    });
  });
});

describe('get_weather arguments', () => {
  it('treats a null unit as absent, as strict mode sends it', () => {
    expect(getWeather.checkArguments({ city: 'Paris', unit: null })).toEqual({ ok: true, args: { city: 'Paris' } });
    expect(getWeather.checkArguments({ city: 'Paris', unit: 'fahrenheit' })).toEqual({
      ok: true,
      args: { city: 'Paris', unit: 'fahrenheit' },
    });
  });

  it('rejects a missing, empty or blank city', () => {
    for (const args of [{}, { city: '' }, { city: '   ' }, { city: 42 }]) {
      const check = getWeather.checkArguments(args);
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.issues.length).toBeGreaterThan(0);
        expect(check.issues.every((issue) => issue.path === 'city')).toBe(true);
      }
    }
    const blank = getWeather.checkArguments({ city: ' \t ' });
    expect(blank).toEqual({ ok: false, issues: [{ path: 'city', message: 'City must not be blank' }] });
  });

  it('rejects a unit outside the enum', () => {
    const check = getWeather.checkArguments({ city: 'Oslo', unit: 'kelvin' });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.issues).toHaveLength(1);
      expect(check.issues[0]?.path).toBe('unit');
      expect(check.issues[0]?.message).toMatch(/celsius.*fahrenheit/);
    }
  });

  it('drops properties the schema does not declare', () => {
    // z.object strips unknown keys by default; the strict wire schema forbids them, so the model
    // cannot send them, and if a non-strict caller does they are dropped rather than reaching execute.
    expect(getWeather.checkArguments({ city: 'Oslo', country: 'NO' })).toEqual({ ok: true, args: { city: 'Oslo' } });
  });
});

describe('get_weather results', () => {
  it('returns a plain JSON report that says where its data comes from', async () => {
    const report = await weather('Paris');
    expect(report).toEqual({
      city: 'Paris',
      temperature: expect.any(Number),
      unit: 'celsius',
      condition: expect.any(String),
      humidityPercent: expect.any(Number),
      windKph: expect.any(Number),
      source: WEATHER_SOURCE,
    });
    expect(report.source).toBe('deterministic demo data derived from the city name, not a real forecast');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('is pinned: the same city gives the same weather across runs and versions', async () => {
    // Demo transcripts and other tests may quote these values; a change to the derivation must be deliberate.
    expect(await weather('Paris')).toMatchObject({ temperature: 32, condition: 'overcast', humidityPercent: 95, windKph: 17 });
  });

  it('ignores case and surrounding or repeated whitespace in the city name', async () => {
    const { city: _city, ...reference } = await weather('New York');
    for (const variant of ['new york', 'NEW YORK', '  New   York ', 'New\tYork']) {
      const { city: _variantCity, ...report } = await weather(variant);
      expect(report).toEqual(reference);
    }
    expect((await weather('  New   York ')).city).toBe('New York');
  });

  it('gives every name the city table knows for a city the same weather, keeping the name as sent', async () => {
    const { city: _city, ...paris } = await weather('Paris');
    for (const name of ['巴黎', 'PARIS']) {
      const { city, ...report } = await weather(name);
      expect(report).toEqual(paris);
      expect(city).toBe(name);
    }
    const { city: _mumbai, ...mumbai } = await weather('Mumbai');
    const { city: _bombay, ...bombay } = await weather('Bombay');
    expect(bombay).toEqual(mumbai);
  });

  it('gives different cities different weather', async () => {
    const cities = ['Paris', 'London', 'Tokyo', 'Lagos', 'Lima', 'Oslo', 'Sydney', 'Cairo', 'Quito', 'Perth'];
    const reports = await Promise.all(cities.map((city) => weather(city)));
    const fingerprints = new Set(reports.map((report) => JSON.stringify({ ...report, city: undefined })));
    expect(fingerprints.size).toBe(cities.length);
  });

  it('keeps every field in a plausible range', async () => {
    for (let index = 0; index < 500; index += 1) {
      const report = await weather(`City ${index}`);
      expect(Number.isInteger(report.temperature)).toBe(true);
      expect(report.temperature).toBeGreaterThanOrEqual(-5);
      expect(report.temperature).toBeLessThanOrEqual(35);
      expect(report.humidityPercent).toBeGreaterThanOrEqual(25);
      expect(report.humidityPercent).toBeLessThanOrEqual(95);
      expect(report.windKph).toBeGreaterThanOrEqual(0);
      expect(report.windKph).toBeLessThan(40);
      if (report.temperature <= 0) expect(report.condition).not.toMatch(/rain/);
    }
  });

  it('defaults to celsius and converts the same underlying value to fahrenheit', async () => {
    for (const city of ['Paris', 'Reykjavik', 'Singapore', 'Montréal', 'City 7']) {
      const celsius = await weather(city);
      const explicit = await weather(city, 'celsius');
      const fahrenheit = await weather(city, 'fahrenheit');
      expect(explicit).toEqual(celsius);
      expect(fahrenheit.unit).toBe('fahrenheit');
      expect(fahrenheit.temperature).toBeCloseTo((celsius.temperature * 9) / 5 + 32, 10);
      // One decimal at most, without float noise such as 69.80000000000001.
      expect(String(fahrenheit.temperature)).toMatch(/^-?\d+(\.\d)?$/);
      expect({ ...fahrenheit, temperature: 0, unit: 'celsius' }).toEqual({ ...celsius, temperature: 0 });
    }
    expect((await weather('Paris', 'fahrenheit')).temperature).toBe(89.6);
  });

  it('goes through the argument check the way the runtime calls it', async () => {
    const check = getWeather.checkArguments({ city: 'Paris', unit: null });
    expect(check.ok).toBe(true);
    if (check.ok) expect(await getWeather.execute(check.args, toolContext())).toEqual(await weather('Paris'));
  });
});
