import type { PlannedCall } from './demo-intents.js';
import type { ToolExchange } from './demo-conversation.js';
import { isRecord } from './json-value.js';

/** Every demo reply says what it is, so nobody mistakes canned output for a real model. */
export const DEMO_PREFIX = '[offline demo model] ';

export const DEMO_CAPABILITIES =
  "I'm a small rule-based model running offline, so I only understand three kinds of request: " +
  'the weather in a city (get_weather), the current time in a city or IANA time zone (get_time), ' +
  'and arithmetic (calculate). Try "What\'s the weather in Paris and Tokyo?", ' +
  '"What time is it in Tokyo?" or "What is 2 + 3 * 4?".';

export interface AnswerInput {
  calls: readonly PlannedCall[];
  unresolved: readonly string[];
  exchanges: readonly ToolExchange[];
  /** Why a planned call could not be made, for calls whose tool is unusable in this request. */
  unavailableReason: (call: PlannedCall) => string | undefined;
  matches: (exchange: ToolExchange, call: PlannedCall) => boolean;
}

/** Writes the final reply from tool results, naming values and errors plainly. */
export function composeAnswer(input: AnswerInput): string {
  const lines: string[] = [];
  const used = new Set<ToolExchange>();

  for (const call of input.calls) {
    const exchange = input.exchanges.find((candidate) => !used.has(candidate) && input.matches(candidate, call));
    if (exchange) {
      used.add(exchange);
      lines.push(describeCallResult(call, exchange.result));
      continue;
    }
    const reason = input.unavailableReason(call);
    if (reason) lines.push(`${callLabel(call)}: I couldn't look this up because ${reason}.`);
  }
  // Results for calls the demo did not plan (e.g. a scripted turn earlier) are still reported, not dropped.
  for (const exchange of input.exchanges) {
    if (used.has(exchange)) continue;
    const outcome = interpretResult(exchange.result);
    lines.push(
      outcome.error !== undefined
        ? `${exchange.name}(${exchange.rawArguments}) reported an error: ${outcome.error}`
        : `${exchange.name}(${exchange.rawArguments}): ${outcome.text}`,
    );
  }
  lines.push(...input.unresolved);

  if (lines.length === 0) return DEMO_PREFIX + DEMO_CAPABILITIES;
  if (lines.length === 1) return DEMO_PREFIX + lines[0];
  return `${DEMO_PREFIX}Here is what I found:\n${lines.map((line) => `- ${line}`).join('\n')}`;
}

function callLabel(call: PlannedCall): string {
  switch (call.name) {
    case 'get_weather':
      return `Weather in ${call.subject}`;
    case 'get_time': {
      const zone = call.arguments['timezone'] ?? call.subject;
      return zone === call.subject ? `Time in ${zone}` : `Time in ${call.subject} (${zone})`;
    }
    case 'calculate':
      return call.subject;
  }
}

function describeCallResult(call: PlannedCall, result: string): string {
  const outcome = interpretResult(result);
  if (outcome.error !== undefined) {
    return `${callLabel(call)}: the ${call.name} tool reported an error: ${outcome.error}`;
  }
  if (call.name === 'calculate' && outcome.number !== undefined) return `${call.subject} = ${outcome.number}`;
  return `${callLabel(call)}: ${readableResult(call, result) ?? outcome.text}`;
}

/**
 * The bundled tools' results in words, the way a model would put them; any other shape (a tool
 * replaced in a test, say) falls back to listing its fields.
 */
function readableResult(call: PlannedCall, raw: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { temperature, unit, condition, humidityPercent, windKph, time, date, utcOffset } = value;
  if (call.name === 'get_weather' && typeof temperature === 'number' && typeof condition === 'string') {
    const degrees = unit === 'fahrenheit' ? '°F' : '°C';
    const details = [
      typeof humidityPercent === 'number' ? `humidity ${humidityPercent}%` : undefined,
      typeof windKph === 'number' ? `wind ${windKph} km/h` : undefined,
    ].filter(Boolean);
    return `${temperature} ${degrees} and ${condition}${details.length ? `, ${details.join(', ')}` : ''} (demo data derived from the city name, not a real forecast)`;
  }
  if (call.name === 'get_time' && typeof time === 'string' && typeof date === 'string') {
    return `${time} on ${date}${typeof utcOffset === 'string' ? ` (UTC${utcOffset})` : ''}`;
  }
  return undefined;
}

interface ResultOutcome {
  text: string;
  error?: string;
  /** A single numeric answer, so calculations read as "2 + 3 = 5". */
  number?: number;
}

/** Tool results are JSON or plain text; an `error` key (or a text starting with "Error") marks a failure. */
export function interpretResult(raw: string): ResultOutcome {
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    const text = raw.trim();
    return /^error\b/i.test(text) ? { text, error: text.replace(/^error\b[:\s-]*/i, '') || text } : { text };
  }
  if (isRecord(value) && value['error'] !== undefined && value['error'] !== null && value['error'] !== false) {
    const error = value['error'];
    const message = isRecord(error) && typeof error['message'] === 'string' ? error['message'] : summarize(error);
    return { text: summarize(value), error: message };
  }
  const number =
    typeof value === 'number'
      ? value
      : isRecord(value) && typeof value['result'] === 'number'
        ? value['result']
        : isRecord(value) && typeof value['value'] === 'number'
          ? value['value']
          : undefined;
  return { text: summarize(value), ...(number !== undefined ? { number } : {}) };
}

function summarize(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(summarize).join(', ');
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([key, entry]) => `${key}: ${isRecord(entry) || Array.isArray(entry) ? JSON.stringify(entry) : summarize(entry)}`)
      .join(', ');
  }
  return String(value);
}
