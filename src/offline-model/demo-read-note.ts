import type { DemoLanguage } from './demo-language.js';

/** "save a note: buy milk" / "记一下：买牛奶": a request to call save_note, with the rest of the message as the note. */
export interface NoteRequest {
  /** Where the request starts; what comes before it is read as other questions. */
  index: number;
  /** '' when the request names no note ("save a note"). */
  note: string;
  /** The language of the request itself, for a message that is nothing else. */
  language: DemoLanguage;
}

const ENGLISH_CUE =
  /(?:\b(?:(?:save|make|write|add)\s+(?:(?:me\s+)?a\s+|this\s+|the\s+)?|take\s+(?:me\s+)?a\s+)note\b|\b(?:jot|note)\s+down\b|(?:^|(?<=[.!?;]\s*))note(?=\s*[:：]))(?:\s+(?:that|saying|of))?\s*[:：,\-–—]?\s*/i;
const CHINESE_CUE = /(?:帮我)?(?:记一下|记下来|记下|记个笔记|记笔记|记录一下|备忘一下)\s*[:：，,]?\s*/u;

export function findNoteRequest(text: string): NoteRequest | undefined {
  const english = ENGLISH_CUE.exec(text);
  const chinese = CHINESE_CUE.exec(text);
  const first = english && (!chinese || english.index <= chinese.index) ? english : chinese;
  if (!first) return undefined;
  return { index: first.index, note: cleanNote(text.slice(first.index + first[0].length)), language: first === english ? 'en' : 'zh' };
}

/** Sentence punctuation and quotes around the note are not part of it: `"buy milk".` saves `buy milk`. */
function cleanNote(raw: string): string {
  return raw
    .trim()
    .replace(/[\s.。!！]+$/u, '')
    .replace(/^["'“‘「『]+|["'”’」』]+$/gu, '')
    .trim();
}
