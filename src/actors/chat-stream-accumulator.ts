import { isRecord } from '../conversation/json.js';
import type { StreamedTurnEvent } from '../../machines/lifecycle-types.js';

interface CallSlot {
  id: string;
  /** The id the server sent, which another call may repeat. */
  sentId: string | undefined;
  name: string;
  arguments: string;
  started: boolean;
}

/**
 * Puts a streamed Chat Completion back together, chunk by chunk, and says what each chunk added.
 * Tool-call fragments are keyed by `index`, but real servers differ: some send `id` only in the
 * first fragment, some send `index` 0 for every call, some omit `index`. A fragment with a new `id`
 * always starts a new call, so the fragments of two calls are never glued together.
 */
export class ChatStreamAccumulator {
  private id = '';
  private content = '';
  private sawContent = false;
  private refusal = '';
  private finishReason: string | null = null;
  private usage: unknown = undefined;
  private readonly calls: CallSlot[] = [];
  private readonly slotOfIndex = new Map<number, number>();

  /** Adds one chunk (as the SDK parsed it) and returns the turn events it produced. */
  add(chunk: unknown): StreamedTurnEvent[] {
    if (!isRecord(chunk)) return [];
    if (typeof chunk['id'] === 'string' && this.id === '') this.id = chunk['id'];
    if (isRecord(chunk['usage'])) this.usage = chunk['usage'];
    const choices = chunk['choices'];
    const choice = Array.isArray(choices) ? choices.find((candidate) => isRecord(candidate) && (candidate['index'] ?? 0) === 0) : undefined;
    if (!isRecord(choice)) return [];
    if (typeof choice['finish_reason'] === 'string') this.finishReason = choice['finish_reason'];
    const delta = choice['delta'];
    if (!isRecord(delta)) return [];
    const events: StreamedTurnEvent[] = [];
    if (typeof delta['content'] === 'string' && delta['content'] !== '') {
      this.content += delta['content'];
      this.sawContent = true;
      events.push({ type: 'content.delta', delta: delta['content'] });
    }
    if (typeof delta['refusal'] === 'string') this.refusal += delta['refusal'];
    if (Array.isArray(delta['tool_calls'])) {
      for (const fragment of delta['tool_calls']) if (isRecord(fragment)) events.push(...this.addFragment(fragment));
    }
    return events;
  }

  /** Whether the model said it was done: a stream that ends without a `finish_reason` was cut off. */
  get finished(): boolean {
    return this.finishReason !== null;
  }

  /** The stream as the completion object a non-streamed request would have returned. */
  completion(): Record<string, unknown> {
    const message: Record<string, unknown> = { role: 'assistant', content: this.sawContent ? this.content : null };
    if (this.refusal) message['refusal'] = this.refusal;
    if (this.calls.length > 0) {
      message['tool_calls'] = this.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
    }
    return {
      id: this.id,
      object: 'chat.completion',
      choices: [{ index: 0, message, finish_reason: this.finishReason }],
      ...(this.usage === undefined ? {} : { usage: this.usage }),
    };
  }

  private addFragment(fragment: Record<string, unknown>): StreamedTurnEvent[] {
    const index = typeof fragment['index'] === 'number' ? fragment['index'] : undefined;
    const id = typeof fragment['id'] === 'string' && fragment['id'] !== '' ? fragment['id'] : undefined;
    const slot = this.slotFor(index, id);
    const call = this.calls[slot]!;
    const fn = isRecord(fragment['function']) ? fragment['function'] : {};
    const events: StreamedTurnEvent[] = [];
    // Some servers repeat the name in every fragment: it is set once, never appended.
    if (call.name === '' && typeof fn['name'] === 'string') call.name = fn['name'];
    if (!call.started && call.name !== '') {
      call.started = true;
      events.push({ type: 'tool_call.started', id: call.id, index: slot, name: call.name });
    }
    const args = typeof fn['arguments'] === 'string' ? fn['arguments'] : isRecord(fn['arguments']) ? JSON.stringify(fn['arguments']) : '';
    if (args !== '') {
      call.arguments += args;
      events.push({ type: 'tool_call.arguments.delta', id: call.id, index: slot, delta: args });
    }
    return events;
  }

  /**
   * Which call a fragment continues. A new `index` is a new call, whatever its id (servers repeat
   * ids); a known `index` with a different id is a new call too (servers that send index 0 for
   * every call); without an index, a fragment continues the last call unless it brings another id.
   */
  private slotFor(index: number | undefined, id: string | undefined): number {
    if (index !== undefined) {
      const known = this.slotOfIndex.get(index);
      const slot = known === undefined || (id !== undefined && this.calls[known]!.sentId !== undefined && this.calls[known]!.sentId !== id) ? this.open(id) : known;
      if (id !== undefined) this.calls[slot]!.sentId ??= id;
      this.slotOfIndex.set(index, slot);
      return slot;
    }
    const last = this.calls.length - 1;
    if (last >= 0 && (id === undefined || this.calls[last]!.sentId === id || this.calls[last]!.sentId === undefined)) {
      if (id !== undefined) this.calls[last]!.sentId ??= id;
      return last;
    }
    return this.open(id);
  }

  /**
   * A new call. Its id is unique among the calls of the reply, as readChatCompletion would make it
   * (`id_position`), so the events name the call by the id it has in the history.
   */
  private open(id?: string): number {
    const position = this.calls.length;
    let unique = id ?? `call_${this.id || 'stream'}_${position}`;
    if (this.calls.some((call) => call.id === unique)) unique = `${unique}_${position}`;
    while (this.calls.some((call) => call.id === unique)) unique = `${unique}_`;
    this.calls.push({ id: unique, sentId: id, name: '', arguments: '', started: false });
    return position;
  }
}
