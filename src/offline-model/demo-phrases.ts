import type { WeatherCondition } from '../../tools/get-weather.js';
import type { DemoLanguage } from './demo-language.js';
import type { Unresolved } from './demo-plan.js';

/** Why a planned call was not made: the request did not let the demo use the tool. */
export type Unavailable = 'tools_disabled' | 'not_allowed' | 'not_provided';

export interface WeatherFacts {
  temperature: number;
  unit: unknown;
  condition: string;
  humidityPercent?: number;
  windKph?: number;
}

export interface TimeFacts {
  time: string;
  date: string;
  utcOffset?: string;
}

/** Everything the demo says, in one language. */
export interface DemoPhrases {
  /** Starts every reply, so nobody mistakes canned output for a real model. */
  prefix: string;
  capabilities: string;
  listIntro: string;
  weatherLabel(subject: string): string;
  timeLabel(subject: string, zone: string): string;
  /** "label: text", with the language's colon. */
  labelled(label: string, text: string): string;
  weather(facts: WeatherFacts): string;
  time(facts: TimeFacts): string;
  noteLabel(note: string): string;
  noteSaved(note: string, file: string): string;
  noteDeclined(note: string, reason: string | null): string;
  toolError(label: string, tool: string, message: string): string;
  unplannedError(call: string, message: string): string;
  unavailable(label: string, tool: string, why: Unavailable): string;
  unresolved(item: Unresolved): string;
}

const degrees = (unit: unknown) => (unit === 'fahrenheit' ? '°F' : '°C');

const english: DemoPhrases = {
  prefix: '[offline demo model] ',
  capabilities:
    "I'm a small rule-based model running offline, so I only understand four kinds of request: " +
    'the weather in a city (get_weather), the current time in a city or IANA time zone (get_time), ' +
    'arithmetic (calculate), and saving a note (save_note, which asks for your approval first). I understand English and Chinese. ' +
    'Try "What\'s the weather in Paris and Tokyo?", "What time is it in Tokyo?", "What is 2 + 3 * 4?" or "save a note: buy milk".',
  listIntro: 'Here is what I found:',
  weatherLabel: (subject) => `Weather in ${subject}`,
  timeLabel: (subject, zone) => (zone === subject ? `Time in ${zone}` : `Time in ${subject} (${zone})`),
  labelled: (label, text) => `${label}: ${text}`,
  weather: ({ temperature, unit, condition, humidityPercent, windKph }) => {
    const details = [
      humidityPercent !== undefined ? `humidity ${humidityPercent}%` : undefined,
      windKph !== undefined ? `wind ${windKph} km/h` : undefined,
    ].filter(Boolean);
    return (
      `${temperature} ${degrees(unit)} and ${condition}${details.length ? `, ${details.join(', ')}` : ''} ` +
      '(demo data derived from the city name, not a real forecast)'
    );
  },
  time: ({ time, date, utcOffset }) => `${time} on ${date}${utcOffset !== undefined ? ` (UTC${utcOffset})` : ''}`,
  noteLabel: (note) => `Note "${note}"`,
  noteSaved: (note, file) => `Saved the note "${note}" to ${file}.`,
  noteDeclined: (note, reason) => `I did not save the note "${note}": you declined${reason ? ` (${reason})` : ''}.`,
  toolError: (label, tool, message) => `${label}: the ${tool} tool reported an error: ${message}`,
  unplannedError: (call, message) => `${call} reported an error: ${message}`,
  unavailable: (label, tool, why) => {
    const reason = {
      tools_disabled: 'tool calls are disabled for this request (tool_choice: "none")',
      not_allowed: `tool_choice does not allow the ${tool} tool here`,
      not_provided: `no ${tool} tool was provided in this request`,
    }[why];
    return `${label}: I couldn't look this up because ${reason}.`;
  },
  unresolved: (item) => {
    switch (item.kind) {
      case 'weather_needs_city':
        return 'To check the weather I need a city, for example "What\'s the weather in Paris?".';
      case 'time_needs_place':
        return 'To tell the time I need a city or an IANA time zone, for example "What time is it in Asia/Tokyo?".';
      case 'unknown_time_zone':
        return `I don't know the time zone of ${item.place}; ask again with an IANA zone name such as "Europe/Berlin".`;
      case 'unclear_expression':
        return `I couldn't read "${item.expression}" as arithmetic, so I calculated nothing; please rephrase it, for example "What is (3 + 4) * 5?".`;
      case 'note_needs_text':
        return 'To save a note I need its text, for example "save a note: buy milk".';
    }
  },
};

/** The get_weather tool's conditions as a Chinese forecast says them. */
const CHINESE_CONDITIONS: Readonly<Record<WeatherCondition, string>> = {
  sunny: '晴',
  'partly cloudy': '晴间多云',
  cloudy: '多云',
  overcast: '阴',
  'light rain': '小雨',
  rain: '雨',
  thunderstorms: '雷阵雨',
  fog: '雾',
  snow: '雪',
};

/** A condition from another weather tool is quoted as it came. */
function chineseCondition(condition: string): string {
  return Object.hasOwn(CHINESE_CONDITIONS, condition) ? CHINESE_CONDITIONS[condition as WeatherCondition] : condition;
}

/**
 * The calculate tool's evaluation errors in Chinese; they are what a user can run into, since the
 * demo checks the syntax before calling. Other messages are quoted as the tool wrote them.
 */
function chineseToolMessage(message: string): string {
  const at = /^(.*) at position (\d+)$/.exec(message);
  const reason = at?.[1] ?? message;
  const where = at ? `（位置 ${at[2]}）` : '';
  const translated =
    reason === 'Division by zero'
      ? '除数为零'
      : reason.replace(/^(?:The result of|Number) (.+) is too large$/, '$1 的结果太大，超出了数值范围').replace(/^The result of (.+) is not a real number$/, '$1 的结果不是实数');
  return translated === reason ? message : translated + where;
}

const chinese: DemoPhrases = {
  prefix: '[离线演示模型] ',
  capabilities:
    '我是离线运行的规则式演示模型，只听得懂四类请求：城市天气（get_weather）、城市或 IANA 时区的当前时间（get_time）、' +
    '算术（calculate）和记笔记（save_note，会先请你批准），中文英文都可以。' +
    '可以试试“巴黎和东京的天气怎么样？”、“东京现在几点？”、“计算 (3+4)*5”或“记一下：买牛奶”。',
  listIntro: '查询结果如下：',
  weatherLabel: (subject) => `${subject}的天气`,
  timeLabel: (subject, zone) => (zone === subject ? `${zone} 的时间` : `${subject}（${zone}）的时间`),
  labelled: (label, text) => `${label}：${text}`,
  weather: ({ temperature, unit, condition, humidityPercent, windKph }) =>
    `${temperature} ${degrees(unit)}，${chineseCondition(condition)}` +
    (humidityPercent !== undefined ? `，湿度 ${humidityPercent}%` : '') +
    (windKph !== undefined ? `，风速 ${windKph} 公里/小时` : '') +
    '（演示数据，由城市名推算，并非真实天气预报）',
  time: ({ time, date, utcOffset }) => `${date} ${time}${utcOffset !== undefined ? `（UTC${utcOffset}）` : ''}`,
  noteLabel: (note) => `笔记“${note}”`,
  noteSaved: (note, file) => `已记下“${note}”，保存在 ${file}。`,
  noteDeclined: (note, reason) => `没有记下“${note}”：你拒绝了${reason ? `（原因：${reason}）` : ''}。`,
  toolError: (label, tool, message) => `${label}：${tool} 工具报错：${chineseToolMessage(message)}`,
  unplannedError: (call, message) => `${call} 报错：${chineseToolMessage(message)}`,
  unavailable: (label, tool, why) => {
    const reason = {
      tools_disabled: '本次请求禁用了工具调用（tool_choice: "none"）',
      not_allowed: `tool_choice 不允许在这里使用 ${tool} 工具`,
      not_provided: `本次请求没有提供 ${tool} 工具`,
    }[why];
    return `${label}：无法查询，因为${reason}。`;
  },
  unresolved: (item) => {
    switch (item.kind) {
      case 'weather_needs_city':
        return '要查天气，请告诉我城市名，例如“巴黎天气怎么样？”。';
      case 'time_needs_place':
        return '要报时，请告诉我城市或 IANA 时区名，例如“东京现在几点？”或“Asia/Tokyo 现在几点？”。';
      case 'unknown_time_zone':
        return `我不知道“${item.place}”的时区；请换用 IANA 时区名再问一次，例如“Europe/Berlin 现在几点？”。`;
      case 'unclear_expression':
        return `我没能把“${item.expression}”读成算式，所以没有计算；请换个写法，例如“计算 (3+4)*5”。`;
      case 'note_needs_text':
        return '要记笔记，请告诉我内容，例如“记一下：买牛奶”。';
    }
  },
};

export const PHRASES: Readonly<Record<DemoLanguage, DemoPhrases>> = { en: english, zh: chinese };
