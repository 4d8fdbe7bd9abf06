import type { ChatCompletionRole } from 'openai/resources/chat/completions';
import type { JsonValue } from '../../json-safe.js';
import { callBoxId, callRef } from './call-links.js';
import { el } from './dom.js';
import { followBottom } from './follow-bottom.js';
import { arrayField, isJsonObject, jsonText, objectField, prettyIfJson, stringField } from './json-reading.js';

/** The roles the API knows; anything else is shown as `other`, since a role also becomes a class name. */
const ROLES: readonly ChatCompletionRole[] = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

export interface MessagesParts {
  panel: HTMLElement;
  list: HTMLElement;
  count: HTMLElement;
}

function contentText(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => stringField(part, 'text') ?? jsonText(part)).join('\n');
  return content === null || content === undefined ? '' : jsonText(content, true);
}

function renderMessage(message: JsonValue): HTMLLIElement | undefined {
  if (!isJsonObject(message)) return undefined;
  const role = stringField(message, 'role') ?? '';
  const item = el('li', `message role-${ROLES.find((known) => known === role) ?? 'other'}`);
  item.append(el('div', 'role', role));
  const answered = stringField(message, 'tool_call_id');
  if (role === 'tool' && answered !== undefined) {
    const answers = el('div', 'answers meta');
    answers.dataset.callId = answered;
    answers.append('answers ', callRef(answered));
    item.append(answers);
  }
  const text = contentText(message.content);
  if (text) item.append(el('div', 'content', role === 'tool' ? prettyIfJson(text) : text));
  const refusal = stringField(message, 'refusal');
  if (refusal !== undefined) item.append(el('div', 'content error-text', `refusal: ${refusal}`));
  for (const call of arrayField(message, 'tool_calls')) {
    const id = stringField(call, 'id');
    if (id === undefined) continue;
    const box = el('div', 'tool-call');
    box.id = callBoxId(id);
    box.dataset.callId = id;
    const fn = objectField(call, 'function');
    box.append(el('span', 'tool-name', stringField(fn, 'name') ?? ''), ' ', callRef(id));
    box.append(el('pre', 'args', prettyIfJson(stringField(fn, 'arguments') ?? '')));
    item.append(box);
  }
  return item;
}

/** The conversation panel; it follows new messages while the reader is at its end. */
export function renderMessages(parts: MessagesParts, messages: readonly JsonValue[]): void {
  followBottom(parts.panel, () => {
    parts.list.replaceChildren(...messages.flatMap((message) => renderMessage(message) ?? []));
    parts.count.textContent = `(${messages.length})`;
  });
}
