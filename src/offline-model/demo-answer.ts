import type { ToolExchange } from './demo-conversation.js';
import type { DemoLanguage } from './demo-language.js';
import { PHRASES, type DemoPhrases, type Unavailable } from './demo-phrases.js';
import type { PlannedCall, Unresolved } from './demo-plan.js';
import { isRecord } from './json-value.js';

export interface AnswerInput {
  language: DemoLanguage;
  calls: readonly PlannedCall[];
  unresolved: readonly Unresolved[];
  exchanges: readonly ToolExchange[];
  /** Why a planned call could not be made, for calls whose tool is unusable in this request. */
  unavailableReason: (call: PlannedCall) => Unavailable | undefined;
  matches: (exchange: ToolExchange, call: PlannedCall) => boolean;
}

/** The reply when there is nothing to answer: what the demo can do. */
export function capabilitiesReply(language: DemoLanguage): string {
  return PHRASES[language].prefix + PHRASES[language].capabilities;
}

/** Writes the final reply from tool results, in the question's language, naming values and errors plainly. */
export function composeAnswer(input: AnswerInput): string {
  const say = PHRASES[input.language];
  const lines: string[] = [];
  const used = new Set<ToolExchange>();

  for (const call of input.calls) {
    const exchange = input.exchanges.find((candidate) => !used.has(candidate) && input.matches(candidate, call));
    if (exchange) {
      used.add(exchange);
      lines.push(describeCallResult(say, call, exchange.result));
      continue;
    }
    const reason = input.unavailableReason(call);
    if (reason) lines.push(say.unavailable(callLabel(say, call), call.name, reason));
  }
  // Results for calls the demo did not plan (e.g. a scripted turn earlier) are still reported, not dropped.
  for (const exchange of input.exchanges) {
    if (used.has(exchange)) continue;
    const outcome = interpretResult(exchange.result);
    const call = `${exchange.name}(${exchange.rawArguments})`;
    lines.push(outcome.error !== undefined ? say.unplannedError(call, outcome.error) : say.labelled(call, outcome.text));
  }
  lines.push(...input.unresolved.map((item) => say.unresolved(item)));

  if (lines.length === 0) return capabilitiesReply(input.language);
  if (lines.length === 1) return say.prefix + lines[0];
  return `${say.prefix}${say.listIntro}\n${lines.map((line) => `- ${line}`).join('\n')}`;
}

function callLabel(say: DemoPhrases, call: PlannedCall): string {
  switch (call.name) {
    case 'get_weather':
      return say.weatherLabel(call.subject);
    case 'get_time':
      return say.timeLabel(call.subject, call.arguments['timezone'] ?? call.subject);
    case 'calculate':
      return call.subject;
    case 'save_note':
      return say.noteLabel(call.subject);
  }
}

function describeCallResult(say: DemoPhrases, call: PlannedCall, result: string): string {
  if (call.name === 'save_note') {
    const note = noteOutcome(result);
    // The saved note, not the one asked for: a person may have edited it on approval.
    if (note) return note.saved ? say.noteSaved(note.note, note.file) : say.noteDeclined(call.subject, note.reason);
  }
  const outcome = interpretResult(result);
  if (outcome.error !== undefined) {
    // The runtime words a throwing tool as 'The tool "calculate" failed: …'; the answer names the tool already.
    const message = outcome.error.replace(`The tool "${call.name}" failed: `, '');
    return say.toolError(callLabel(say, call), call.name, message);
  }
  if (call.name === 'calculate' && outcome.number !== undefined) return `${call.subject} = ${outcome.number}`;
  return say.labelled(callLabel(say, call), readableResult(say, call, result) ?? outcome.text);
}

/**
 * The bundled tools' results in words, the way a model would put them; any other shape (a tool
 * replaced in a test, say) falls back to listing its fields.
 */
function readableResult(say: DemoPhrases, call: PlannedCall, raw: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { temperature, unit, condition, humidityPercent, windKph, time, date, utcOffset } = value;
  if (call.name === 'get_weather' && typeof temperature === 'number' && typeof condition === 'string') {
    return say.weather({
      temperature,
      unit,
      condition,
      ...(typeof humidityPercent === 'number' ? { humidityPercent } : {}),
      ...(typeof windKph === 'number' ? { windKph } : {}),
    });
  }
  if (call.name === 'get_time' && typeof time === 'string' && typeof date === 'string') {
    return say.time({ time, date, ...(typeof utcOffset === 'string' ? { utcOffset } : {}) });
  }
  return undefined;
}

/** save_note's result, or the rejection a person gave it; undefined for anything else (a failure is reported as one). */
function noteOutcome(raw: string): { saved: true; note: string; file: string } | { saved: false; reason: string | null } | undefined {
  const value = parseAnnotatedJson(raw);
  if (!isRecord(value)) return undefined;
  const { saved, note, file } = value;
  if (saved === true && typeof note === 'string' && typeof file === 'string') return { saved, note, file };
  const error = value['error'];
  if (isRecord(error) && error['kind'] === 'rejected') return { saved: false, reason: typeof error['reason'] === 'string' ? error['reason'] : null };
  return undefined;
}

/**
 * A result as JSON, also when the runtime put a `[…]` line before it (a person edited the
 * arguments on approval); undefined when it is not JSON.
 */
function parseAnnotatedJson(raw: string): unknown {
  for (const text of [raw, raw.startsWith('[') ? raw.slice(raw.indexOf(']\n') + 2) : undefined]) {
    if (text === undefined) continue;
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON (yet): try without the annotation.
    }
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
