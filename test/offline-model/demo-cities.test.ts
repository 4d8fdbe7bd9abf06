import fc from 'fast-check';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createDemoResponder } from '../../src/offline-model/index.js';
import type { ScriptedReply } from '../../src/offline-model/scripted-reply.js';
import { CITIES, type City } from '../../tools/index.js';
import { bundledTools } from './support.js';

const responder = createDemoResponder();
const meta = { index: 0, signal: new AbortController().signal };

/** The demo's reply to a first question, straight from the responder the server runs. */
async function reply(question: string): Promise<ScriptedReply> {
  const request: ChatCompletionCreateParams = { model: 'm', messages: [{ role: 'user', content: question }], tools: bundledTools };
  return await responder(request, meta);
}

/** Kingstown (St Vincent) shares its Chinese name with Kingston (Jamaica); the bigger city gets the name. */
const SHARED_CHINESE_NAMES: Readonly<Record<string, string>> = { 金斯敦: 'Kingston' };

function byChineseName(city: City): City {
  const owner = SHARED_CHINESE_NAMES[city.zh];
  return (owner && CITIES.find((candidate) => candidate.name === owner)) || city;
}

const weatherCall = (city: City) => ({ content: null, toolCalls: [{ name: 'get_weather', arguments: { city: city.name } }] });
const timeCall = (city: City) => ({ content: null, toolCalls: [{ name: 'get_time', arguments: { timezone: city.timeZone } }] });

describe('every city in the table', () => {
  it.each(CITIES.map((city) => [`${city.name} / ${city.zh}`, city] as const))('%s is recognised in English and Chinese', async (_label, city) => {
    expect(await reply(`What's the weather in ${city.name}?`)).toEqual(weatherCall(city));
    expect(await reply(`What time is it in ${city.name}?`)).toEqual(timeCall(city));
    expect(await reply(`${city.zh}天气怎么样？`)).toEqual(weatherCall(byChineseName(city)));
    expect(await reply(`${city.zh}现在几点？`)).toEqual(timeCall(byChineseName(city)));
  });

  const aliases = CITIES.flatMap((city) => (city.aliases ?? []).map((alias) => [alias, city] as const));
  it.each(aliases)('alias %s names the same city', async (alias, city) => {
    const question = /\p{Script=Han}/u.test(alias) ? `${alias}的天气` : `weather in ${alias}`;
    expect(await reply(question)).toEqual(weatherCall(city));
  });
});

describe('city questions, however they are phrased', () => {
  const english = ["What's the weather in %s?", 'weather in %s', 'How is the weather in %s today?', 'What is the temperature in %s right now?', '%s weather'];
  const chinese = ['%s天气怎么样？', '%s的天气', '今天%s天气如何', '请问%s的气温是多少？'];
  const city = fc.constantFrom(...CITIES.filter((candidate) => !SHARED_CHINESE_NAMES[candidate.zh]));

  it('asks get_weather for the city in any of the English and Chinese phrasings', async () => {
    await fc.assert(
      fc.asyncProperty(city, fc.constantFrom(...english), async (picked, template) => {
        expect(await reply(template.replace('%s', picked.name))).toEqual(weatherCall(picked));
      }),
    );
    await fc.assert(
      fc.asyncProperty(city, fc.constantFrom(...chinese), async (picked, template) => {
        expect(await reply(template.replace('%s', picked.zh))).toEqual(weatherCall(picked));
      }),
    );
  });

  it('asks once per city when two are named together', async () => {
    await fc.assert(
      fc.asyncProperty(city, city, async (first, second) => {
        fc.pre(first.name !== second.name);
        const calls = [
          { name: 'get_weather', arguments: { city: first.name } },
          { name: 'get_weather', arguments: { city: second.name } },
        ];
        expect(await reply(`${first.zh}和${second.zh}的天气`)).toEqual({ content: null, toolCalls: calls });
        expect(await reply(`What's the weather in ${first.name} and ${second.name}?`)).toEqual({ content: null, toolCalls: calls });
      }),
      { numRuns: 300 },
    );
  });

  it('asks get_time with the zone in Chinese whichever way round the sentence goes', async () => {
    await fc.assert(
      fc.asyncProperty(city, fc.constantFrom('%s现在几点？', '现在%s几点', '%s的时间'), async (picked, template) => {
        expect(await reply(template.replace('%s', picked.zh))).toEqual(timeCall(picked));
      }),
    );
  });
});
