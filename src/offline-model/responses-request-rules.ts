import { functionName } from './chat-request-rules.js';
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
 * The shape of POST /v1/responses, transcribed from `CreateResponse` in OpenAI's OpenAPI document
 * (github.com/openai/openai-openapi, openapi.json at f85dbe2; each constant names the schema it
 * mirrors). Deviations, all deliberate:
 * - objects are closed, as for Chat Completions (see chat-request-rules.ts);
 * - input items are messages, function calls, function call outputs and reasoning items only, and
 *   tools and tool_choice are function ones only: the offline model cannot run hosted tools, and
 *   remembers no items to reference by id apart from the conversation state it keeps itself;
 * - an assistant message may leave out `id` and `status`, and an `output_text` part its
 *   `annotations` and `logprobs`, which the document requires (as OutputMessage) but the API does
 *   not: clients replaying history commonly send `{ role: 'assistant', content: [{ type:
 *   'output_text', text }] }` and get answered;
 * - `function_call_output.call_id` is required, as in the SDK's type: the document lets it be null,
 *   but an output that names no call cannot be paired with one;
 * - `model` is required (the document makes it optional for stored prompts, which this model has not);
 * - a top-level member set to null counts as not set, as for Chat Completions.
 */

/** Every content part type the API names when one is unknown, in its order (seen in its error messages). */
const CONTENT_PART_TYPES = [
  'input_text',
  'input_image',
  'output_text',
  'refusal',
  'input_file',
  'computer_screenshot',
  'summary_text',
];

/** PromptCacheBreakpointParam */
const promptCacheBreakpoint = nullable(object({ mode: enumOf('explicit') }, ['mode']));

/** InputTextContent, InputImageContent, InputFileContent */
const inputText = object(
  { type: enumOf('input_text'), text: string({ maxLength: 10_485_760 }), prompt_cache_breakpoint: promptCacheBreakpoint },
  ['type', 'text'],
);
const inputImage = object(
  {
    type: enumOf('input_image'),
    image_url: nullable(string()),
    file_id: nullable(string()),
    detail: nullable(enumOf('low', 'high', 'auto', 'original')),
    prompt_cache_breakpoint: promptCacheBreakpoint,
  },
  ['type'],
);
const inputFile = object(
  {
    type: enumOf('input_file'),
    file_id: nullable(string()),
    filename: nullable(string()),
    file_data: nullable(string()),
    file_url: nullable(string()),
    detail: enumOf('auto', 'low', 'high'),
    prompt_cache_breakpoint: promptCacheBreakpoint,
  },
  ['type'],
);
/** OutputTextContent, RefusalContent */
const outputText = object(
  { type: enumOf('output_text'), text: string(), annotations: arrayOf(mapOf(true)), logprobs: arrayOf(mapOf(true)) },
  ['type', 'text'],
);
const refusal = object({ type: enumOf('refusal'), refusal: string() }, ['type', 'refusal']);

const partsOf = (...parts: ObjectRule[]): FieldRule => arrayOf(discriminatedBy('type', parts, { universe: CONTENT_PART_TYPES }));
const inputContent = partsOf(inputText, inputImage, inputFile);

const itemStatus = enumOf('in_progress', 'completed', 'incomplete');
/** MessagePhase */
const phase = nullable(enumOf('commentary', 'final_answer'));

/** EasyInputMessage and InputMessage (user, system, developer), OutputMessage (assistant). */
const inputMessage = (role: string): ObjectRule =>
  object({ type: enumOf('message'), role: enumOf(role), content: oneOf(string(), inputContent), status: itemStatus, phase }, [
    'role',
    'content',
  ]);
const message = discriminatedBy('role', [
  inputMessage('user'),
  object(
    {
      type: enumOf('message'),
      role: enumOf('assistant'),
      id: string(),
      content: oneOf(string(), partsOf(outputText, refusal)),
      status: itemStatus,
      phase,
    },
    ['role', 'content'],
  ),
  inputMessage('system'),
  inputMessage('developer'),
]);

/** ToolCallCallerParam */
const caller = nullable(
  discriminatedBy('type', [
    object({ type: enumOf('direct') }, ['type']),
    object({ type: enumOf('program'), caller_id: string({ minLength: 1, maxLength: 64 }) }, ['type', 'caller_id']),
  ]),
);

/** FunctionToolCall */
const functionCall = object(
  {
    type: enumOf('function_call'),
    id: string(),
    call_id: string(),
    name: string(),
    arguments: string(),
    status: itemStatus,
    namespace: string(),
    caller,
  },
  ['type', 'call_id', 'name', 'arguments'],
);

/** FunctionCallOutputItemParam */
const functionCallOutput = object(
  {
    type: enumOf('function_call_output'),
    id: nullable(string()),
    call_id: string({ minLength: 1, maxLength: 64 }),
    output: oneOf(string({ maxLength: 10_485_760 }), inputContent),
    name: nullable(string({ minLength: 1, maxLength: 128 })),
    namespace: nullable(string({ minLength: 1, maxLength: 64, pattern: /^[a-zA-Z0-9_-]+$/ })),
    caller,
    status: nullable(itemStatus),
  },
  ['type', 'call_id', 'output'],
);

/** ReasoningItem (SummaryTextContent, ReasoningTextContent) */
const reasoning = object(
  {
    type: enumOf('reasoning'),
    id: string(),
    encrypted_content: nullable(string()),
    summary: arrayOf(object({ type: enumOf('summary_text'), text: string() }, ['type', 'text'])),
    content: arrayOf(object({ type: enumOf('reasoning_text'), text: string() }, ['type', 'text'])),
    status: itemStatus,
  },
  ['type', 'id', 'summary'],
);

/** InputItem: `type` defaults to `message`, as EasyInputMessage allows leaving it out. */
const inputItem = discriminatedBy('type', [message, functionCall, functionCallOutput, reasoning], { implied: 'message' });

/** FunctionTool */
const functionTool = object(
  {
    type: enumOf('function'),
    name: functionName,
    description: nullable(string()),
    parameters: nullable(mapOf(true)),
    strict: nullable(boolean()),
    output_schema: nullable(mapOf(true)),
    defer_loading: boolean(),
    allowed_callers: nullable(arrayOf(enumOf('direct', 'programmatic'))),
  },
  ['type', 'name', 'strict', 'parameters'],
);

/** ToolChoiceOptions, ToolChoiceAllowed, ToolChoiceFunction */
const toolChoice = oneOf(
  enumOf('none', 'auto', 'required'),
  discriminatedBy('type', [
    object({ type: enumOf('allowed_tools'), mode: enumOf('auto', 'required'), tools: arrayOf(mapOf(true)) }, [
      'type',
      'mode',
      'tools',
    ]),
    object({ type: enumOf('function'), name: string() }, ['type', 'name']),
  ]),
);

/** ResponseTextParam: TextResponseFormatConfiguration, Verbosity */
const text = object({
  format: discriminatedBy('type', [
    object({ type: enumOf('text') }, ['type']),
    object(
      {
        type: enumOf('json_schema'),
        description: string(),
        name: functionName,
        schema: mapOf(true),
        strict: nullable(boolean()),
      },
      ['type', 'schema', 'name'],
    ),
    object({ type: enumOf('json_object') }, ['type']),
  ]),
  verbosity: nullable(enumOf('low', 'medium', 'high')),
});

/** Reasoning */
const reasoningOptions = object({
  mode: string(),
  effort: nullable(enumOf('none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max')),
  summary: nullable(enumOf('auto', 'concise', 'detailed')),
  context: nullable(enumOf('auto', 'current_turn', 'all_turns')),
  generate_summary: nullable(enumOf('auto', 'concise', 'detailed')),
});

/** ModerationParam, ModerationConfigParam */
const moderationConfig = nullable(object({ mode: enumOf('score', 'block') }, ['mode']));

export const INCLUDABLE = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
] as const;

const members: Record<string, FieldRule> = {
  // CreateResponse
  service_tier: enumOf('auto', 'default', 'flex', 'scale', 'priority', 'fast', 'ultrafast'),
  truncation: enumOf('auto', 'disabled'),
  reasoning: reasoningOptions,
  input: oneOf(string(), arrayOf(inputItem)),
  include: arrayOf(enumOf(...INCLUDABLE)),
  parallel_tool_calls: boolean(),
  store: boolean(),
  instructions: string(),
  moderation: object({ model: string(), policy: nullable(object({ input: moderationConfig, output: moderationConfig })) }, [
    'model',
  ]),
  stream: boolean(),
  stream_options: object({ include_obfuscation: boolean() }),
  conversation: oneOf(string(), object({ id: string() }, ['id'])),
  context_management: arrayOf(object({ type: string(), compact_threshold: nullable(integer({ minimum: 1000 })) }, ['type']), {
    minItems: 1,
  }),
  max_output_tokens: integer({ minimum: 16 }),
  // ResponseProperties
  previous_response_id: string(),
  model: string(),
  background: boolean(),
  max_tool_calls: integer(),
  text,
  tools: arrayOf(discriminatedBy('type', [functionTool])),
  tool_choice: toolChoice,
  prompt: object({ id: string(), version: nullable(string()), variables: nullable(mapOf(anything())) }, ['id']),
  // ModelResponseProperties, CreateModelResponseProperties
  metadata: mapOf(string()),
  top_logprobs: integer({ minimum: 0, maximum: 20 }),
  temperature: number({ minimum: 0, maximum: 2 }),
  top_p: number({ minimum: 0, maximum: 1 }),
  user: string(),
  safety_identifier: string({ maxLength: 64 }),
  prompt_cache_key: string(),
  prompt_cache_retention: enumOf('in_memory', '24h'),
  prompt_cache_options: object({ ttl: enumOf('30m'), mode: enumOf('implicit', 'explicit') }),
};

const REQUIRED_MEMBERS = ['model'];

export const responseRequestRule: ObjectRule = object(
  Object.fromEntries(
    Object.entries(members).map(([key, rule]) => [
      key,
      REQUIRED_MEMBERS.includes(key) || rule.kind === 'nullable' ? rule : nullable(rule),
    ]),
  ),
  REQUIRED_MEMBERS,
);
