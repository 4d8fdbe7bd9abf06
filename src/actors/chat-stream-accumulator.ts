import { isRecord } from '../conversation/json.js';
import type { StreamedTurnEvent } from '../../machines/lifecycle-types.js';

interface CallSlot {
  id: string;
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

  private slotFor(index: number | undefined, id: string | undefined): number {
    if (id !== undefined) {
      const known = this.calls.findIndex((call) => call.id === id);
      const slot = known >= 0 ? known : this.open(id);
      if (index !== undefined) this.slotOfIndex.set(index, slot);
      return slot;
    }
    if (index !== undefined) {
      const slot = this.slotOfIndex.get(index) ?? this.open();
      this.slotOfIndex.set(index, slot);
      return slot;
    }
    // Neither index nor id: a continuation of the call being written.
    return this.calls.length > 0 ? this.calls.length - 1 : this.open();
  }

  private open(id?: string): number {
    // A server that never sends an id still gets one per call, the same in events and history.
    this.calls.push({ id: id ?? `call_${this.id || 'stream'}_${this.calls.length}`, name: '', arguments: '', started: false });
    return this.calls.length - 1;
  }
}
