import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartImage,
  ChatCompletionContentPartRefusal,
  ChatCompletionContentPartText,
  ChatCompletionCreateParams,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ResponseCreateParams, ResponseInputItem } from 'openai/resources/responses/responses';
import { isRecord } from './json-value.js';

/** A content part as validated (responses-request-rules.ts): looser than the SDK's types, e.g. no `annotations`. */
interface ContentPart {
  type: string;
  text?: string;
  refusal?: string;
  image_url?: string | null;
  detail?: string | null;
  file_id?: string | null;
  filename?: string | null;
  file_data?: string | null;
}

/**
 * A Responses request as the Chat Completions request that says the same, so one responder (a
 * script, the demo model) answers both APIs. `items` is the whole conversation: remembered
 * context, then the new input. What Chat Completions cannot say is left out: reasoning items, and
 * content parts without a Chat Completions counterpart (a file given by URL); the responder can
 * read the original in `meta.responses`.
 */
export function toChatView(request: ResponseCreateParams, items: readonly ResponseInputItem[]): ChatCompletionCreateParams {
  const messages: ChatCompletionMessageParam[] = [];
  if (typeof request.instructions === 'string') messages.push({ role: 'system', content: request.instructions });
  for (const item of items) appendItem(messages, item);

  const tools = (request.tools ?? []).flatMap((tool): ChatCompletionTool[] =>
    tool.type === 'function'
      ? [
          {
            type: 'function',
            function: {
              name: tool.name,
              ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
              ...(tool.parameters ? { parameters: tool.parameters } : {}),
              strict: tool.strict,
            },
          },
        ]
      : [],
  );
  const toolChoice = chatToolChoice(request.tool_choice);
  const format = request.text?.format;
  return {
    model: request.model ?? '',
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    ...(toolChoice !== undefined ? { tool_choice: toolChoice } : {}),
    ...(typeof request.parallel_tool_calls === 'boolean' ? { parallel_tool_calls: request.parallel_tool_calls } : {}),
    ...(typeof request.max_output_tokens === 'number' ? { max_completion_tokens: request.max_output_tokens } : {}),
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { top_p: request.top_p } : {}),
    ...(request.metadata ? { metadata: request.metadata } : {}),
    ...(typeof request.user === 'string' ? { user: request.user } : {}),
    ...(typeof request.store === 'boolean' ? { store: request.store } : {}),
    ...(request.stream === true ? { stream: true } : {}),
    ...(format?.type === 'json_schema'
      ? {
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: format.name,
              schema: format.schema,
              ...(typeof format.description === 'string' ? { description: format.description } : {}),
              ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
            },
          },
        }
      : format?.type === 'json_object'
        ? { response_format: { type: 'json_object' } }
        : {}),
  };
}

function appendItem(messages: ChatCompletionMessageParam[], item: ResponseInputItem): void {
  if (item.type === 'function_call') {
    const call = { id: item.call_id, type: 'function' as const, function: { name: item.name, arguments: item.arguments } };
    // Calls of one turn sit in one assistant message, with any text the model said before them.
    const last = messages.at(-1);
    if (last?.role === 'assistant') last.tool_calls = [...(last.tool_calls ?? []), call];
    else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
  } else if (item.type === 'function_call_output') {
    const output = item.output;
    // responses-request-rules.ts requires call_id; openai ≥ 7.5x types it optional.
    messages.push({ role: 'tool', tool_call_id: item.call_id as string, content: typeof output === 'string' ? output : textParts(output) });
  } else if (item.type === undefined || item.type === 'message') {
    messages.push(chatMessage(item as unknown as { role: string; content: string | readonly ContentPart[] }));
  }
}

function chatMessage({ role, content }: { role: string; content: string | readonly ContentPart[] }): ChatCompletionMessageParam {
  if (role === 'assistant') {
    const message: ChatCompletionAssistantMessageParam = { role: 'assistant', content: null };
    if (typeof content === 'string') message.content = content;
    else {
      message.content = content.map((part): ChatCompletionContentPartText | ChatCompletionContentPartRefusal =>
        part.type === 'refusal' ? { type: 'refusal', refusal: part.refusal ?? '' } : { type: 'text', text: part.text ?? '' },
      );
    }
    return message;
  }
  if (role === 'user') return { role: 'user', content: typeof content === 'string' ? content : userParts(content) };
  const text = typeof content === 'string' ? content : textParts(content);
  return role === 'developer' ? { role: 'developer', content: text } : { role: 'system', content: text };
}

function textParts(parts: readonly unknown[]): ChatCompletionContentPartText[] {
  return parts.flatMap((part) =>
    isRecord(part) && typeof part['text'] === 'string' ? [{ type: 'text' as const, text: part['text'] }] : [],
  );
}

function userParts(parts: readonly ContentPart[]): ChatCompletionContentPart[] {
  return parts.flatMap((part): ChatCompletionContentPart[] => {
    if (part.type === 'input_text') return [{ type: 'text', text: part.text ?? '' }];
    if (part.type === 'input_image' && typeof part.image_url === 'string') {
      const image: ChatCompletionContentPartImage.ImageURL = { url: part.image_url };
      // Chat Completions has no 'original' detail level.
      if (part.detail === 'low' || part.detail === 'high' || part.detail === 'auto') image.detail = part.detail;
      return [{ type: 'image_url', image_url: image }];
    }
    if (part.type === 'input_file' && (part.file_id || part.file_data)) {
      return [
        {
          type: 'file',
          file: {
            ...(part.file_id ? { file_id: part.file_id } : {}),
            ...(part.file_data ? { file_data: part.file_data } : {}),
            ...(part.filename ? { filename: part.filename } : {}),
          },
        },
      ];
    }
    return [];
  });
}

function chatToolChoice(choice: ResponseCreateParams['tool_choice']): ChatCompletionToolChoiceOption | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function') return { type: 'function', function: { name: choice.name } };
  if (choice.type === 'allowed_tools') {
    const tools = choice.tools.flatMap((tool) =>
      tool['type'] === 'function' && typeof tool['name'] === 'string'
        ? [{ type: 'function', function: { name: tool['name'] } }]
        : [],
    );
    return { type: 'allowed_tools', allowed_tools: { mode: choice.mode, tools } };
  }
  return undefined;
}
