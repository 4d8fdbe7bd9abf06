import { describe, expect, it } from 'vitest';
import { CITIES } from '../../tools/cities.js';
import { findCity, findCityMentions, foldName } from '../../tools/city-lookup.js';

describe('the city table', () => {
  it.each(CITIES.map((city) => [city.name, city.timeZone] as const))('%s: %s is a zone Intl accepts', (_name, timeZone) => {
    expect(() => new Intl.DateTimeFormat('en-US', { timeZone })).not.toThrow();
  });

  it('gives every city a Chinese name in Han characters and a real ISO country code', () => {
    const regions = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    for (const city of CITIES) {
      expect(city.zh, city.name).toMatch(/^\p{Script=Han}+$/u);
      expect(regions.of(city.country), `${city.name}: ${city.country}`).toBeDefined();
    }
  });

  it('has a capital for each of the 193 UN members and the two observer states', () => {
    const countries = new Set(CITIES.filter((city) => city.capital).map((city) => city.country));
    expect(countries.size).toBe(195);
    expect(countries.has('VA')).toBe(true);
    expect(countries.has('PS')).toBe(true);
    const capitalsOf = (country: string) => CITIES.filter((city) => city.capital && city.country === country).map((city) => city.name);
    expect(capitalsOf('BO')).toEqual(['La Paz', 'Sucre']);
    expect(capitalsOf('ZA')).toEqual(['Pretoria', 'Cape Town', 'Bloemfontein']);
  });

  it('gives each name to one city, except the one Chinese name two capitals share', () => {
    const owners = new Map<string, Set<string>>();
    for (const city of CITIES) {
      for (const name of [city.name, city.zh, ...(city.aliases ?? [])]) {
        const key = foldName(name);
        owners.set(key, new Set([...(owners.get(key) ?? []), city.name]));
      }
    }
    const shared = [...owners].filter(([, cities]) => cities.size > 1).map(([name, cities]) => [name, [...cities]]);
    expect(shared).toEqual([['金斯敦', ['Kingston', 'Kingstown']]]);
    expect(findCity('金斯敦')?.country).toBe('JM');
  });
});

describe('findCity', () => {
  it.each([
    ['Paris', 'Paris'],
    ['巴黎', 'Paris'],
    ['sao paulo', 'São Paulo'],
    ['SÃO-PAULO', 'São Paulo'],
    ['  bombay ', 'Mumbai'],
    ['Washington D.C.', 'Washington'],
    ['washington dc', 'Washington'],
    ['st johns', "St. John's"],
    ['ＰＡＲＩＳ', 'Paris'],
    ['臺北', 'Taipei'],
  ])('%j → %s', (name, expected) => {
    expect(findCity(name)?.name).toBe(expected);
  });

  it('knows nothing of places outside the table', () => {
    expect(findCity('Atlantis')).toBeUndefined();
    expect(findCity('')).toBeUndefined();
  });
});

describe('findCityMentions', () => {
  const names = (text: string) => findCityMentions(text).map((mention) => [mention.city.name, text.slice(mention.start, mention.end)]);

  it('finds Chinese names without spaces around them and maps back to the original text', () => {
    expect(names('北京和上海的天气，还有东京现在几点？')).toEqual([
      ['Beijing', '北京'],
      ['Shanghai', '上海'],
      ['Tokyo', '东京'],
    ]);
    expect(names('Is it cold in SÃO PAULO?')).toEqual([['São Paulo', 'SÃO PAULO']]);
  });

  it('prefers the longest name and needs Latin names to stand as words', () => {
    expect(names('New Delhi or Delhi')).toEqual([
      ['New Delhi', 'New Delhi'],
      ['Delhi', 'Delhi'],
    ]);
    expect(names('Parisian Limassol')).toEqual([]);
  });

  it('does not find a city inside a country name or a zone name', () => {
    expect(names('罗马尼亚和罗马')).toEqual([['Rome', '罗马']]);
    expect(names('El Salvador, not Salvador')).toEqual([['Salvador', 'Salvador']]);
    expect(names('Europe/Lisbon')).toEqual([]);
    // A city in its own country's name is still the city.
    expect(names('圣多美和普林西比')).toEqual([['São Tomé', '圣多美']]);
  });
});
