import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type {
  Response,
  ResponseCreateParams,
  ResponseFunctionToolCall,
  ResponseOutputItem,
  ResponseReasoningItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import type { IdSequence } from './id-sequence.js';
import type { ScriptedCompletionReply } from './scripted-reply.js';
import { estimatePromptTokens, estimateTokens } from './usage-estimate.js';

/**
 * A Response as it travels (compared with captured API streams): the SDK's type minus
 * `output_text`, which the SDK computes itself after receiving; plus `store` and `max_tool_calls`,
 * which the API sends but the type leaves out; and `usage` and `user` null where the API sends null.
 * `access_programs` (openai ≥ 7.5x types it as required) is left out: it belongs to access tiers
 * this server has no notion of, and clients on every supported SDK read it as optional.
 */
export type WireResponse = Omit<Response, 'output_text' | 'usage' | 'user' | 'access_programs'> & {
  store: boolean;
  max_tool_calls: number | null;
  usage: ResponseUsage | null;
  user: string | null;
};

export interface ResponseIds {
  response: IdSequence;
  message: IdSequence;
  functionCall: IdSequence;
  reasoning: IdSequence;
  /** Shared with Chat Completions, so `call_…` ids are unique across both endpoints of a server. */
  call: IdSequence;
}

export interface ResponseBuildInput {
  request: ResponseCreateParams;
  /** The same request as Chat Completions, for the token estimate. */
  chatView: ChatCompletionCreateParams;
  reply: ScriptedCompletionReply;
  ids: ResponseIds;
  sealReasoning(itemId: string): string;
}

/**
 * Turns a scripted reply into the Response the API would return: optionally a reasoning item,
 * then the message, then one function_call item per tool call. Streaming replays this same
 * object, so both transports always carry identical content.
 */
export function buildResponse({ request, chatView, reply, ids, sealReasoning }: ResponseBuildInput): WireResponse {
  const includeEncrypted = request.include?.includes('reasoning.encrypted_content') === true;
  const output: ResponseOutputItem[] = [];
  if (reply.reasoning === true || includeEncrypted) {
    const id = ids.reasoning.take();
    const reasoning: ResponseReasoningItem = { id, type: 'reasoning', summary: [] };
    if (includeEncrypted) reasoning.encrypted_content = sealReasoning(id);
    output.push(reasoning);
  }
  const toolCalls = reply.toolCalls ?? [];
  const content = reply.content ?? null;
  // A turn always says something: with neither text nor calls the API still sends an (empty) message.
  if (content !== null || toolCalls.length === 0) {
    output.push({
      id: ids.message.take(),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: content ?? '', annotations: [], logprobs: [] }],
    });
  }
  const calls = toolCalls.map((call): ResponseFunctionToolCall => ({
    id: ids.functionCall.take(),
    type: 'function_call',
    status: 'completed',
    call_id: call.id ?? ids.call.take(),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  output.push(...calls);

  const incompleteReason =
    reply.finishReason === 'length'
      ? 'max_output_tokens'
      : reply.finishReason === 'content_filter'
        ? 'content_filter'
        : undefined;
  const last = output.at(-1);
  // The item the model was producing when it stopped is the one left unfinished.
  if (incompleteReason && last && last.type !== 'reasoning' && 'status' in last) last.status = 'incomplete';

  const inputTokens = reply.usage?.prompt_tokens ?? estimatePromptTokens(chatView);
  const outputTokens =
    reply.usage?.completion_tokens ?? estimateTokens((content ?? '') + calls.map((call) => call.name + call.arguments).join(''));
  const now = Math.floor(Date.now() / 1000);

  return {
    id: ids.response.take(),
    object: 'response',
    created_at: now,
    status: incompleteReason ? 'incomplete' : 'completed',
    background: false,
    completed_at: incompleteReason ? null : now,
    error: null,
    incomplete_details: incompleteReason ? { reason: incompleteReason } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    // Not in the SDK's request type, but in the document and validated, so it may be there.
    max_tool_calls: (request as { max_tool_calls?: number | null }).max_tool_calls ?? null,
    model: request.model ?? '',
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: request.reasoning ?? { effort: null, summary: null },
    service_tier: 'default',
    store: request.store !== false,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: {
      input_tokens: inputTokens,
      // The real API always includes the detail objects; clients that read them should not crash offline.
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
    metadata: request.metadata ?? {},
    safety_identifier: request.safety_identifier ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    user: request.user ?? null,
  };
}
