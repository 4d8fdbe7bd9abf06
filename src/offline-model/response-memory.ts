import type { ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import { invalidRequest } from './api-error.js';

interface StoredResponse {
  previous: string | undefined;
  /** The request's input items followed by the response's output items: what this turn added. */
  items: readonly ResponseInputItem[];
}

/**
 * What one server remembers of its responses, in memory, as the API does server-side: stored
 * responses (not `store: false` ones) so `previous_response_id` can continue them, and which
 * reasoning item each output item followed, so a client replaying items without their reasoning
 * is told so whatever it stored. Each response keeps only what its turn added and points at the
 * one it continued, so a long conversation costs memory in proportion to its length.
 */
export class ResponseMemory {
  private readonly responses = new Map<string, StoredResponse>();
  private readonly storedItems = new Map<string, ResponseInputItem>();
  private readonly reasoningBefore = new Map<string, string>();

  /** Notes which reasoning item each output item follows; done for every response, stored or not. */
  noteOutput(output: readonly ResponseOutputItem[]): void {
    const reasoning = output.find((item) => item.type === 'reasoning');
    if (!reasoning) return;
    for (const item of output) {
      if (item !== reasoning && 'id' in item && typeof item.id === 'string') this.reasoningBefore.set(item.id, reasoning.id);
    }
  }

  /** The reasoning item the output item `itemId` followed when this server produced it. */
  requiredReasoning(itemId: string): string | undefined {
    return this.reasoningBefore.get(itemId);
  }

  remember(
    id: string,
    previous: string | undefined,
    input: readonly ResponseInputItem[],
    output: readonly ResponseOutputItem[],
  ): void {
    // The output item types this model produces (message, function_call, reasoning) are all valid input items.
    const items = [...input, ...(output as readonly ResponseInputItem[])];
    this.responses.set(id, { previous, items });
    for (const item of items) {
      if ('id' in item && typeof item.id === 'string') this.storedItems.set(item.id, item);
    }
  }

  /** A stored item by id, for items sent back by reference (a reasoning item without its encrypted content). */
  storedItem(id: string): ResponseInputItem | undefined {
    return this.storedItems.get(id);
  }

  /** Every item of the conversation up to and including response `id`, oldest first; a 400 when it was never stored. */
  contextOf(id: string): ResponseInputItem[] {
    const turns: (readonly ResponseInputItem[])[] = [];
    for (let at: string | undefined = id; at !== undefined;) {
      const stored = this.responses.get(at);
      if (!stored) {
        throw invalidRequest(
          `Previous response with id '${id}' not found.`,
          'previous_response_id',
          'previous_response_not_found',
        );
      }
      turns.push(stored.items);
      at = stored.previous;
    }
    return turns.reverse().flat();
  }
}
