import { findCityMentions } from '../../tools/city-lookup.js';

/** The languages the demo model understands and answers in. */
export type DemoLanguage = 'en' | 'zh';

const HAN = /\p{Script=Han}/u;
const LATIN_LETTER = /[A-Za-z]/;
/** Ideographic punctuation (。、「」) and full-width forms (（３＋４）？), typed with a Chinese input method. */
const CJK_PUNCTUATION_OR_FULL_WIDTH = /[\u3000-\u303f\uff00-\uffef]/;

/**
 * The language to answer in: Chinese when the question has Chinese words, not merely a Chinese city
 * name ("weather in 北京" is English, "Paris天气怎么样" is Chinese); a question with no words at all,
 * such as "（３＋４）×５", goes by its punctuation.
 */
export function questionLanguage(text: string): DemoLanguage {
  let withoutCities = '';
  let from = 0;
  for (const mention of findCityMentions(text)) {
    withoutCities += `${text.slice(from, mention.start)} `;
    from = mention.end;
  }
  withoutCities += text.slice(from);

  if (HAN.test(withoutCities)) return 'zh';
  if (LATIN_LETTER.test(withoutCities)) return 'en';
  return HAN.test(text) || CJK_PUNCTUATION_OR_FULL_WIDTH.test(text) ? 'zh' : 'en';
}
