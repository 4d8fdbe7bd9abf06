import type OpenAI from 'openai';
import type { FunctionTool, Response, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { bundledTools } from './support.js';

/** The bundled tools as the Responses API takes them: flat, with `strict` and `parameters` always present (their schemas are not strict-mode ones). */
export const flatTools: FunctionTool[] = bundledTools.flatMap((tool) =>
  tool.type === 'function'
    ? [
        {
          type: 'function',
          name: tool.function.name,
          description: tool.function.description ?? null,
          parameters: tool.function.parameters ?? null,
          strict: false,
        },
      ]
    : [],
);

export const [weatherFlatTool] = flatTools as [FunctionTool, ...FunctionTool[]];

/** Posts an arbitrary (possibly invalid) body to POST /v1/responses through the SDK's own request pipeline. */
export function postResponses(client: OpenAI, body: unknown): Promise<unknown> {
  return client.post('/responses', { body });
}

/** Streams a request through `client.responses.create` and collects the events, and what it throws. */
export async function collectEvents(
  client: OpenAI,
  params: Omit<OpenAI.Responses.ResponseCreateParamsStreaming, 'stream'>,
): Promise<{ events: ResponseStreamEvent[]; thrown: unknown }> {
  const stream = await client.responses.create({ ...params, stream: true });
  const events: ResponseStreamEvent[] = [];
  let thrown: unknown;
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    thrown = error;
  }
  return { events, thrown };
}

/**
 * A response's output items as a stateless follow-up sends them back. The SDK's types do not make
 * every output item an input item (AdditionalTools differs), but the ones this model produces are.
 */
export function replayed(response: Response): ResponseInputItem[] {
  return response.output.flatMap((item): ResponseInputItem[] =>
    item.type === 'message' || item.type === 'function_call' || item.type === 'reasoning' ? [item] : [],
  );
}

/** One `function_call_output` per function call of `response`, with what `output` says. */
export function callOutputs(response: Response, output: (name: string, args: string) => string): ResponseInputItem[] {
  return response.output.flatMap((item) =>
    item.type === 'function_call'
      ? [{ type: 'function_call_output' as const, call_id: item.call_id, output: output(item.name, item.arguments) }]
      : [],
  );
}
