import type { ResponseInputItem, ResponseReasoningItem } from 'openai/resources/responses/responses';
import { ApiError, invalidRequest } from './api-error.js';
import type { ReasoningSeal } from './reasoning-seal.js';
import type { ResponseMemory } from './response-memory.js';

export interface Conversation {
  /** Items remembered for `previous_response_id`, oldest first; produced by this server, so trusted. */
  remembered: readonly ResponseInputItem[];
  /** The request's own input items. */
  input: readonly ResponseInputItem[];
  /** The request's `store` (false only when the client said so). */
  store: boolean;
}

/** The id prefix the API requires of each item type it issues ids for. */
const ID_PREFIXES: Readonly<Record<string, string>> = { function_call: 'fc', message: 'msg', reasoning: 'rs' };

/** Types the model produces after a reasoning item, one of which must follow it. */
const REASONING_FOLLOWERS = new Set(['function_call', 'message']);

/**
 * The rules the Responses API applies to the conversation as a whole — remembered context plus
 * new input — beyond each item's shape (responses-request-rules.ts checks that first). Each
 * reproduces the API's error, message and param as clients report them; a client that gets one
 * wrong here would fail the same way against the API.
 */
export function validateConversation(conversation: Conversation, memory: ResponseMemory, seal: ReasoningSeal): void {
  const items = [...conversation.remembered, ...conversation.input];
  checkIdPrefixes(conversation.input);
  checkDuplicateIds(items);
  for (const item of conversation.input) {
    if (item.type === 'reasoning') checkReasoningKnown(item, conversation.store, memory, seal);
  }
  checkReasoningOrder(items, conversation.remembered.length, memory);
  checkCallPairing(items);
}

function typeOf(item: ResponseInputItem): string {
  return (item as { type?: string }).type ?? 'message';
}

function idOf(item: ResponseInputItem): string | undefined {
  const id = (item as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function checkIdPrefixes(input: readonly ResponseInputItem[]): void {
  input.forEach((item, index) => {
    const id = idOf(item);
    const prefix = ID_PREFIXES[typeOf(item)];
    if (id === undefined || prefix === undefined || id.startsWith(prefix)) return;
    throw invalidRequest(
      `Invalid 'input[${index}].id': '${id}'. Expected an ID that begins with '${prefix}'.`,
      `input[${index}].id`,
      'invalid_id_prefix',
    );
  });
}

/** With previous_response_id this catches re-sending items the server already has, e.g. the function_call. */
function checkDuplicateIds(items: readonly ResponseInputItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const id = idOf(item);
    if (id === undefined) continue;
    if (seen.has(id)) {
      throw invalidRequest(`Duplicate item found with id ${id}. Remove duplicate items from your input and try again.`, 'input');
    }
    seen.add(id);
  }
}

/**
 * A reasoning item comes back either with the encrypted content this server issued (stateless
 * use) or by id alone, which only works if its response was stored.
 */
function checkReasoningKnown(item: ResponseReasoningItem, store: boolean, memory: ResponseMemory, seal: ReasoningSeal): void {
  const content = item.encrypted_content;
  if (typeof content === 'string') {
    if (seal.verify(content, item.id)) return;
    throw new ApiError(
      400,
      `The encrypted content ${content.slice(0, 4)}...${content.slice(-4)} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
      { type: 'invalid_request_error', param: null, code: 'invalid_encrypted_content' },
    );
  }
  if (memory.storedItem(item.id)?.type === 'reasoning') return;
  const hint = store
    ? ''
    : ' Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.';
  throw new ApiError(404, `Item with id '${item.id}' not found.${hint}`, { type: 'invalid_request_error', param: 'input' });
}

/**
 * A reasoning item must be followed by what the model produced after it, and an item the model
 * produced after reasoning needs that reasoning item earlier in the conversation.
 */
function checkReasoningOrder(items: readonly ResponseInputItem[], firstNew: number, memory: ResponseMemory): void {
  const present = new Set<string>();
  items.forEach((item, index) => {
    const id = idOf(item);
    const type = typeOf(item);
    if (id !== undefined && type === 'reasoning') {
      present.add(id);
      const next = items[index + 1];
      if (index >= firstNew && (next === undefined || !followsReasoning(next))) {
        throw invalidRequest(`Item '${id}' of type 'reasoning' was provided without its required following item.`, 'input');
      }
      return;
    }
    const reasoning = id === undefined || index < firstNew ? undefined : memory.requiredReasoning(id);
    if (reasoning !== undefined && !present.has(reasoning)) {
      throw invalidRequest(
        `Item '${id}' of type '${type}' was provided without its required 'reasoning' item: '${reasoning}'.`,
        'input',
      );
    }
  });
}

function followsReasoning(item: ResponseInputItem): boolean {
  const type = typeOf(item);
  return REASONING_FOLLOWERS.has(type) && (type !== 'message' || (item as { role?: string }).role === 'assistant');
}

/**
 * The API binds outputs to calls one-to-one, scanning in order: an output answers the earliest
 * still unanswered call with its call_id, and every call must be answered by the end. So an
 * output before its call, a second output for one call, or an output re-sent with
 * previous_response_id for a call the stored context already answered all fail alike.
 */
function checkCallPairing(items: readonly ResponseInputItem[]): void {
  const pending: string[] = [];
  for (const item of items) {
    if (item.type === 'function_call') pending.push(item.call_id);
    if (item.type !== 'function_call_output') continue;
    // responses-request-rules.ts requires call_id; openai ≥ 7.5x types it optional.
    const at = pending.indexOf(item.call_id as string);
    if (at === -1) throw invalidRequest(`No tool call found for function call output with call_id ${item.call_id}.`, 'input');
    pending.splice(at, 1);
  }
  if (pending.length > 0) throw invalidRequest(`No tool output found for function call ${pending[0]}.`, 'input');
}
