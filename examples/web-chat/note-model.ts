import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { createDemoResponder, type Responder, type ScriptedReply } from '../../src/offline-model/index.js';

/** The tool the page defines, with `needsApproval: true`. */
export const SAVE_NOTE = 'save_note';

type Language = 'en' | 'zh';

const PREFIX: Record<Language, string> = { en: '[offline demo model] ', zh: '[离线演示模型] ' };

/** "Save a note: buy milk", "note that the bus leaves at 9", "记一下：买牛奶", "请帮我保存笔记 明天开会". */
const NOTE_REQUESTS: ReadonlyArray<{ language: Language; pattern: RegExp }> = [
  { language: 'en', pattern: /^\s*(?:please\s+)?(?:save|take|make|write(?:\s+down)?)\s+(?:a\s+|this\s+)?note\s*(?:[:,-]|that|saying)?\s*(\S[\s\S]*)$/i },
  { language: 'en', pattern: /^\s*(?:please\s+)?(?:note|remember)\s*(?::|that)\s*(\S[\s\S]*)$/i },
  { language: 'zh', pattern: /^\s*(?:请)?(?:帮我)?(?:记一下|记下|记住|保存笔记|记笔记)\s*[:：，,]?\s*(\S[\s\S]*)$/ },
];

/**
 * The offline demo model with one more skill, for the web chat example: asked to save a note, it
 * calls `save_note`, a tool that needs a person's approval, and once the call is answered (saved,
 * declined or failed) says so in the question's language. Everything else goes to the demo model,
 * which knows weather, time and arithmetic.
 */
export function createNoteTakingResponder(demo: Responder = createDemoResponder()): Responder {
  return (request, meta) => noteReply(request) ?? demo(request, meta);
}

function noteReply(request: ChatCompletionCreateParams): ScriptedReply | undefined {
  const asked = noteRequest(request.messages);
  if (!asked) return undefined;
  const say = PREFIX[asked.language];
  const answer = saveNoteAnswer(request.messages);
  if (answer !== undefined) return { content: say + describeAnswer(answer, asked.language) };
  const offered = request.tool_choice !== 'none' && (request.tools ?? []).some((tool) => tool.type === 'function' && tool.function.name === SAVE_NOTE);
  if (!offered) return { content: say + (asked.language === 'zh' ? '这里没有保存笔记的工具。' : 'I have no tool to save notes with here.') };
  return { content: null, toolCalls: [{ name: SAVE_NOTE, arguments: { text: asked.text } }] };
}

/** The note the last user message asks to save, if it asks for one. */
function noteRequest(messages: readonly ChatCompletionMessageParam[]): { text: string; language: Language } | undefined {
  const last = messages.findLast((message) => message.role === 'user');
  if (typeof last?.content !== 'string') return undefined;
  for (const { language, pattern } of NOTE_REQUESTS) {
    const text = pattern.exec(last.content)?.[1]?.trim();
    if (text) return { text, language };
  }
  return undefined;
}

/** The `tool` message answering this turn's `save_note` call, parsed; undefined before there is one. */
function saveNoteAnswer(messages: readonly ChatCompletionMessageParam[]): unknown {
  const turn = messages.slice(messages.findLastIndex((message) => message.role === 'user') + 1);
  const callIds = new Set(
    turn
      .flatMap((message) => (message.role === 'assistant' ? (message.tool_calls ?? []) : []))
      .flatMap((call) => (call.type === 'function' && call.function.name === SAVE_NOTE ? [call.id] : [])),
  );
  const answer = turn.find((message) => message.role === 'tool' && callIds.has(message.tool_call_id));
  if (answer === undefined || typeof answer.content !== 'string') return undefined;
  try {
    return JSON.parse(answer.content) as unknown;
  } catch {
    return answer.content;
  }
}

function describeAnswer(answer: unknown, language: Language): string {
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  const error = typeof record['error'] === 'object' && record['error'] !== null ? (record['error'] as Record<string, unknown>) : undefined;
  if (error?.['kind'] === 'rejected') {
    const reason = typeof error['reason'] === 'string' && error['reason'] ? error['reason'] : undefined;
    if (language === 'zh') return `没有保存笔记：你拒绝了${reason ? `（“${reason}”）` : ''}。`;
    return `I did not save the note: you declined${reason ? ` (“${reason}”)` : ''}.`;
  }
  if (error) {
    const message = typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error);
    return language === 'zh' ? `笔记没有保存：${message}` : `The note could not be saved: ${message}`;
  }
  const text = typeof record['text'] === 'string' ? record['text'] : '';
  const count = typeof record['count'] === 'number' ? record['count'] : undefined;
  if (language === 'zh') return `已保存笔记“${text}”${count === undefined ? '' : `（共 ${count} 条）`}。`;
  return `Saved your note “${text}”${count === undefined ? '' : ` (${count} ${count === 1 ? 'note' : 'notes'} now)`}.`;
}
