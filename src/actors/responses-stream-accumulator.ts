import type { StreamedTurnEvent } from '../../machines/lifecycle-types.js';
import { isRecord } from '../conversation/json.js';
import { callIdOf, uniqueToolCallIds } from '../conversation/requested-tool-call.js';

/**
 * Follows a Responses API event stream and says what each event added, in the same turn events a
 * Chat Completions stream gives. Argument deltas name their `item_id`, not the `call_id` the answer
 * must carry, so the accumulator keeps the map from `response.output_item.added`. The final
 * response arrives whole in `response.completed` / `response.incomplete`; that is what is read.
 */
export class ResponsesStreamAccumulator {
  private readonly calls = new Map<string, { callId: string; index: number }>();
  /** The `call_id`s as sent, in order: a call is named as readResponse will name it in the history. */
  private readonly sentIds: string[] = [];
  private final: unknown = undefined;
  private failure: string | undefined;

  add(event: unknown): StreamedTurnEvent[] {
    if (!isRecord(event)) return [];
    switch (event['type']) {
      case 'response.output_item.added': {
        const item = event['item'];
        if (!isRecord(item) || item['type'] !== 'function_call' || typeof item['id'] !== 'string') return [];
        this.sentIds.push(callIdOf(item['call_id']));
        const index = this.calls.size;
        const callId = uniqueToolCallIds(this.sentIds)[index]!;
        this.calls.set(item['id'], { callId, index });
        // As over Chat Completions, a call without a name is not announced (it is answered as malformed).
        const name = item['name'];
        return typeof name === 'string' && name !== '' ? [{ type: 'tool_call.started', id: callId, index, name }] : [];
      }
      case 'response.function_call_arguments.delta': {
        const call = typeof event['item_id'] === 'string' ? this.calls.get(event['item_id']) : undefined;
        if (!call || typeof event['delta'] !== 'string' || event['delta'] === '') return [];
        return [{ type: 'tool_call.arguments.delta', id: call.callId, index: call.index, delta: event['delta'] }];
      }
      case 'response.output_text.delta':
        return typeof event['delta'] === 'string' && event['delta'] !== '' ? [{ type: 'content.delta', delta: event['delta'] }] : [];
      case 'response.completed':
      case 'response.incomplete':
        this.final = event['response'];
        return [];
      case 'response.failed': {
        const error = isRecord(event['response']) && isRecord(event['response']['error']) ? event['response']['error'] : {};
        this.failure = typeof error['message'] === 'string' ? error['message'] : 'the response failed';
        return [];
      }
      default:
        return [];
    }
  }

  /** The whole response, once the stream said it is done; undefined for a stream that was cut off. */
  get response(): unknown {
    return this.final;
  }

  /** Why the stream's response failed (`response.failed`), if it did. */
  get failed(): string | undefined {
    return this.failure;
  }
}
