import { questionLanguage, type DemoLanguage } from './demo-language.js';
import { noteFinding, type Finding, type PlannedCall, type Unresolved } from './demo-plan.js';
import { readChinese } from './demo-read-chinese.js';
import { readEnglish } from './demo-read-english.js';
import { findNoteRequest } from './demo-read-note.js';

export type { PlannedCall } from './demo-plan.js';

export interface DemoIntents {
  /** The language of the question, which the answer is written in. */
  language: DemoLanguage;
  /** The calls to make, in the order the user asked for things, without repeats. */
  calls: PlannedCall[];
  /** Things the user asked that the demo understood but cannot turn into a call. */
  unresolved: Unresolved[];
}

/** Reads the user's message into tool calls. */
export function findIntents(text: string): DemoIntents {
  const note = findNoteRequest(text);
  // A note runs to the end of the message and asks nothing: "save a note: weather in Paris" checks no weather.
  const questions = note ? text.slice(0, note.index) : text;
  const language = note && questions.trim() === '' ? note.language : questionLanguage(questions);
  const findings: Finding[] = language === 'zh' ? readChinese(questions) : readEnglish(questions);
  if (note) findings.push(noteFinding(note.index, note.note));
  findings.sort((a, b) => a.position - b.position);

  const calls: PlannedCall[] = [];
  const seen = new Set<string>();
  for (const call of findings.flatMap((finding) => finding.calls)) {
    const key = `${call.name}:${JSON.stringify(call.arguments)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    calls.push(call);
  }
  return { language, calls, unresolved: findings.flatMap((finding) => finding.unresolved) };
}
