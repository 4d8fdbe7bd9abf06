import type { Response, ResponseError, ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { WireResponse } from './build-response.js';
import { roundRobin, splitIntoCount, splitIntoPieces } from './completion-chunks.js';
import type { ScriptedStreamControls } from './scripted-reply.js';

/** A stream event as it travels: any `response` in it is a WireResponse (see build-response.ts). */
export type WireStreamEvent = ResponseStreamEvent extends infer Event
  ? Event extends { response: Response }
    ? Omit<Event, 'response'> & { response: WireResponse }
    : Event
  : never;

type Unnumbered = WireStreamEvent extends infer Event ? (Event extends unknown ? Omit<Event, 'sequence_number'> : never) : never;

/** Small pieces so clients exercise real delta accumulation, as for Chat Completions. */
const TEXT_PIECE_LENGTH = 12;
const ARGUMENT_PIECE_LENGTH = 8;

export interface ResponseEventStream {
  /** Every event before the terminal one, with `sequence_number` from 0. */
  events: WireStreamEvent[];
  /** `response.completed` or `response.incomplete`, carrying the whole response. */
  terminal: WireStreamEvent;
}

/**
 * Replays a finished response as the event sequence the API streams: `response.created`,
 * `response.in_progress`, then per output item `response.output_item.added`, its content
 * (`content_part.added`, `output_text.delta`… `.done`, `content_part.done`) or arguments
 * (`function_call_arguments.delta`… `.done`) and `response.output_item.done`, and last the
 * terminal event. The SDK's own accumulator (ResponseStream) rebuilds `response` from these.
 */
export function responseToEvents(response: WireResponse, controls: ScriptedStreamControls = {}): ResponseEventStream {
  const started = inProgress(response);
  const perItem = response.output.map((item, index) => itemEvents(item, index, controls));
  // Function calls come last in an output, so setting them apart keeps the order unless interleaving.
  const isCall = (index: number): boolean => response.output[index]?.type === 'function_call';
  const calls = perItem.filter((_, index) => isCall(index));
  const others = perItem.filter((_, index) => !isCall(index)).flat();
  const unnumbered: Unnumbered[] = [
    { type: 'response.created', response: started },
    { type: 'response.in_progress', response: started },
    ...others,
    ...(controls.interleave ? roundRobin(calls) : calls.flat()),
  ];
  const events = unnumbered.map((event, index) => ({ ...event, sequence_number: index }) as WireStreamEvent);
  const terminal = {
    type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed',
    response,
    sequence_number: events.length,
  } as WireStreamEvent;
  return { events, terminal };
}

/**
 * The `response.failed` event that ends a stream after `position` of its events: the response
 * failed with `error`, holding the output items the client already saw finished.
 */
export function failedEvent(
  response: WireResponse,
  events: readonly WireStreamEvent[],
  position: number,
  error: { code: ResponseError['code']; message: string },
): WireStreamEvent {
  const output = events.slice(0, position).flatMap((event) => (event.type === 'response.output_item.done' ? [event.item] : []));
  return {
    type: 'response.failed',
    sequence_number: position,
    response: { ...inProgress(response), status: 'failed', error, output },
  };
}

/** The response as announced before any output: nothing produced, nothing counted yet. */
function inProgress(response: WireResponse): WireResponse {
  return { ...response, status: 'in_progress', completed_at: null, incomplete_details: null, output: [], usage: null };
}

function itemEvents(item: ResponseOutputItem, outputIndex: number, controls: ScriptedStreamControls): Unnumbered[] {
  const done: Unnumbered = { type: 'response.output_item.done', output_index: outputIndex, item };
  if (item.type === 'message') {
    const item_id = item.id;
    const parts = item.content.flatMap((part, content_index): Unnumbered[] => {
      if (part.type !== 'output_text') return [];
      const at = { item_id, output_index: outputIndex, content_index };
      return [
        { type: 'response.content_part.added', ...at, part: { ...part, text: '' } },
        ...splitIntoPieces(part.text, TEXT_PIECE_LENGTH).map((delta): Unnumbered => ({
          type: 'response.output_text.delta',
          ...at,
          delta,
          logprobs: [],
        })),
        { type: 'response.output_text.done', ...at, text: part.text, logprobs: [] },
        { type: 'response.content_part.done', ...at, part },
      ];
    });
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } },
      ...parts,
      done,
    ];
  }
  if (item.type === 'function_call') {
    const at = { item_id: item.id ?? '', output_index: outputIndex };
    const fragments =
      controls.argumentFragments === undefined
        ? splitIntoPieces(item.arguments, ARGUMENT_PIECE_LENGTH)
        : splitIntoCount(item.arguments, controls.argumentFragments);
    // The API names the call in this event too; openai 7's type dropped `name`, 6's has it, so the
    // event is built apart from the array, where a literal's extra field would be an error on 7.
    const argumentsDone = { type: 'response.function_call_arguments.done' as const, ...at, arguments: item.arguments, name: item.name };
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } },
      ...fragments.map((delta): Unnumbered => ({ type: 'response.function_call_arguments.delta', ...at, delta })),
      argumentsDone,
      done,
    ];
  }
  return [{ type: 'response.output_item.added', output_index: outputIndex, item }, done];
}
