import {
  anything,
  arrayOf,
  boolean,
  discriminatedBy,
  enumOf,
  integer,
  mapOf,
  nullable,
  number,
  object,
  oneOf,
  string,
  type FieldRule,
  type ObjectRule,
} from './field-rules.js';

/*
 * The shape of POST /v1/chat/completions, transcribed from `CreateChatCompletionRequest` in OpenAI's
 * OpenAPI document (github.com/openai/openai-openapi, openapi.yaml at f85dbe2, August 2026; each
 * constant names the schema it mirrors). Deviations, all deliberate:
 * - objects are closed: the API answers an unknown member anywhere with `unknown_parameter`, although
 *   the document rarely says `additionalProperties: false`;
 * - function and response-format schema names carry the pattern and length limit the document only
 *   states in prose;
 * - `tools` accepts function tools only (the offline model cannot run custom tools) and, as the API
 *   does, no empty list;
 * - a top-level member set to null counts as not set: clients commonly send null for "not given"
 *   (the document itself marks most of them nullable), and this model always accepted it.
 */

/** FunctionObject.name, json_schema.name: "a-z, A-Z, 0-9, underscores and dashes, with a maximum length of 64". */
export const functionName = string({ minLength: 1, maxLength: 64, pattern: /^[a-zA-Z0-9_-]+$/ });
/** FunctionParameters, ResponseFormatJsonSchemaSchema: any JSON Schema object. */
const jsonSchemaObject = mapOf(true);

/** PromptCacheBreakpointParam */
const promptCacheBreakpoint = object({ mode: enumOf('explicit') }, ['mode']);

/** ChatCompletionRequestMessageContentPart{Text,Image,Audio,File,Refusal} */
const textPart = object({ type: enumOf('text'), text: string(), prompt_cache_breakpoint: promptCacheBreakpoint }, ['type', 'text']);
const imagePart = object(
  {
    type: enumOf('image_url'),
    image_url: object({ url: string(), detail: enumOf('auto', 'low', 'high') }, ['url']),
    prompt_cache_breakpoint: promptCacheBreakpoint,
  },
  ['type', 'image_url'],
);
const audioPart = object(
  {
    type: enumOf('input_audio'),
    input_audio: object({ data: string(), format: enumOf('wav', 'mp3') }, ['data', 'format']),
    prompt_cache_breakpoint: promptCacheBreakpoint,
  },
  ['type', 'input_audio'],
);
const filePart = object(
  {
    type: enumOf('file'),
    file: object({ filename: string(), file_data: string(), file_id: string() }),
    prompt_cache_breakpoint: promptCacheBreakpoint,
  },
  ['type', 'file'],
);
const refusalPart = object({ type: enumOf('refusal'), refusal: string() }, ['type', 'refusal']);

/** Every message's `content`: a string, or a non-empty array of the parts its role allows. */
const contentOf = (...parts: ObjectRule[]): FieldRule => oneOf(string(), arrayOf(discriminatedBy('type', parts), { minItems: 1 }));

/** ChatCompletionMessageToolCall, ChatCompletionMessageCustomToolCall */
const functionToolCall = object(
  {
    id: string(),
    type: enumOf('function'),
    function: object({ name: string(), arguments: string() }, ['name', 'arguments']),
  },
  ['id', 'type', 'function'],
);
const customToolCall = object(
  { id: string(), type: enumOf('custom'), custom: object({ name: string(), input: string() }, ['name', 'input']) },
  ['id', 'type', 'custom'],
);

/** ChatCompletionRequestMessage, in the order the API lists roles in its error message. */
const message = discriminatedBy('role', [
  object({ role: enumOf('system'), content: contentOf(textPart), name: string() }, ['role', 'content']),
  object(
    {
      role: enumOf('assistant'),
      content: nullable(contentOf(textPart, refusalPart)),
      refusal: nullable(string()),
      name: string(),
      audio: nullable(object({ id: string() }, ['id'])),
      tool_calls: arrayOf(discriminatedBy('type', [functionToolCall, customToolCall])),
      function_call: nullable(object({ name: string(), arguments: string() }, ['name', 'arguments'])),
      // Not in the request schema, but on every response message: the documented pattern of sending
      // `choices[0].message` straight back in the next request would otherwise fail.
      annotations: arrayOf(anything()),
    },
    ['role'],
  ),
  object({ role: enumOf('user'), content: contentOf(textPart, imagePart, audioPart, filePart), name: string() }, ['role', 'content']),
  object({ role: enumOf('function'), content: nullable(string()), name: string() }, ['role', 'content', 'name']),
  object(
    // `name` is not in the document, but LangChain sends it on every tool result (LangGraph's ToolNode
    // names them) and the API accepts it.
    { role: enumOf('tool'), content: contentOf(textPart), tool_call_id: string(), name: string() },
    ['role', 'content', 'tool_call_id'],
  ),
  object({ role: enumOf('developer'), content: contentOf(textPart), name: string() }, ['role', 'content']),
]);

/** ChatCompletionTool (function tools only, see above) */
const functionTool = object(
  {
    type: enumOf('function'),
    function: object(
      { description: string(), name: functionName, parameters: jsonSchemaObject, strict: nullable(boolean()) },
      ['name'],
    ),
  },
  ['type', 'function'],
);

/** ChatCompletionToolChoiceOption */
const toolChoice = oneOf(
  enumOf('none', 'auto', 'required'),
  discriminatedBy('type', [
    object(
      {
        type: enumOf('allowed_tools'),
        allowed_tools: object({ mode: enumOf('auto', 'required'), tools: arrayOf(mapOf(true)) }, ['mode', 'tools']),
      },
      ['type', 'allowed_tools'],
    ),
    object({ type: enumOf('function'), function: object({ name: string() }, ['name']) }, ['type', 'function']),
    object({ type: enumOf('custom'), custom: object({ name: string() }, ['name']) }, ['type', 'custom']),
  ]),
);

/** ResponseFormatText, ResponseFormatJsonSchema, ResponseFormatJsonObject */
const responseFormat = discriminatedBy('type', [
  object({ type: enumOf('text') }, ['type']),
  object(
    {
      type: enumOf('json_schema'),
      json_schema: object(
        { description: string(), name: functionName, schema: jsonSchemaObject, strict: nullable(boolean()) },
        ['name'],
      ),
    },
    ['type', 'json_schema'],
  ),
  object({ type: enumOf('json_object') }, ['type']),
]);

/** ModerationConfigParam */
const moderationConfig = object({ mode: enumOf('score', 'block') }, ['mode']);

export const messagesRule = arrayOf(message, { minItems: 1 });

const members: Record<string, FieldRule> = {
  // CreateChatCompletionRequest
  messages: messagesRule,
  model: string(),
  service_tier: enumOf('auto', 'default', 'flex', 'scale', 'priority', 'fast'),
  modalities: arrayOf(enumOf('text', 'audio')),
  verbosity: enumOf('low', 'medium', 'high'),
  reasoning_effort: enumOf('none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'),
  max_completion_tokens: integer(),
  frequency_penalty: number({ minimum: -2, maximum: 2 }),
  presence_penalty: number({ minimum: -2, maximum: 2 }),
  web_search_options: object({
    user_location: nullable(
      object(
        {
          type: enumOf('approximate'),
          approximate: object({ country: string(), region: string(), city: string(), timezone: string() }),
        },
        ['type', 'approximate'],
      ),
    ),
    search_context_size: enumOf('low', 'medium', 'high'),
  }),
  top_logprobs: integer({ minimum: 0, maximum: 20 }),
  response_format: responseFormat,
  audio: object(
    {
      voice: oneOf(string(), object({ id: string() }, ['id'])),
      format: enumOf('wav', 'aac', 'mp3', 'flac', 'opus', 'pcm16'),
    },
    ['voice', 'format'],
  ),
  store: boolean(),
  moderation: object(
    { model: string(), policy: nullable(object({ input: nullable(moderationConfig), output: nullable(moderationConfig) })) },
    ['model'],
  ),
  stream: boolean(),
  stop: oneOf(string(), arrayOf(string(), { minItems: 1, maxItems: 4 })),
  logit_bias: mapOf(integer()),
  logprobs: boolean(),
  max_tokens: integer(),
  n: integer({ minimum: 1, maximum: 128 }),
  prediction: discriminatedBy('type', [object({ type: enumOf('content'), content: contentOf(textPart) }, ['type', 'content'])]),
  seed: integer(),
  stream_options: object({ include_usage: boolean(), include_obfuscation: boolean() }),
  tools: arrayOf(discriminatedBy('type', [functionTool]), { minItems: 1 }),
  tool_choice: toolChoice,
  parallel_tool_calls: boolean(),
  function_call: oneOf(enumOf('none', 'auto'), object({ name: string() }, ['name'])),
  functions: arrayOf(object({ description: string(), name: functionName, parameters: jsonSchemaObject }, ['name']), {
    minItems: 1,
    maxItems: 128,
  }),
  // ModelResponseProperties, CreateModelResponseProperties
  metadata: mapOf(string()),
  temperature: number({ minimum: 0, maximum: 2 }),
  top_p: number({ minimum: 0, maximum: 1 }),
  user: string(),
  safety_identifier: string({ maxLength: 64 }),
  prompt_cache_key: string(),
  prompt_cache_retention: enumOf('in_memory', '24h'),
  prompt_cache_options: object({ ttl: enumOf('30m'), mode: enumOf('implicit', 'explicit') }),
};

const REQUIRED_MEMBERS = ['model', 'messages'];

export const chatCompletionRequestRule: ObjectRule = object(
  Object.fromEntries(
    Object.entries(members).map(([key, rule]) => [
      key,
      REQUIRED_MEMBERS.includes(key) || rule.kind === 'nullable' ? rule : nullable(rule),
    ]),
  ),
  REQUIRED_MEMBERS,
);
