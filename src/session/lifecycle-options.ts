import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { LifecycleContext, LifecycleInput } from '../../machines/lifecycle-types.js';
import type { ModelClient } from '../actors/model-client.js';
import type { LifecycleRuntime } from '../actors/runtime.js';
import type { RequestParams } from '../conversation/build-chat-request.js';
import { unsupportedOnResponses } from '../conversation/build-responses-request.js';
import { InvalidOptionsError } from '../conversation/errors.js';
import { sizeLimitProblem, timeoutProblem } from '../tool-definition/limits.js';
import type { Tool } from '../tool-definition/tool.js';
import { isToolCollection, type ToolCollection } from '../tool-definition/tool-collection.js';
import { createToolbox, type Toolbox } from '../tool-definition/toolbox.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
/** About 25k tokens: room for a real answer, far below what makes a request fail for its size. */
export const DEFAULT_MAX_TOOL_OUTPUT_CHARS = 100_000;

export interface LifecycleOptions {
  /** An OpenAI client (6.x or 7.x, any copy); its `maxRetries` and `timeout` govern API retries. Default: one built from `baseURL`/`apiKey`. */
  client?: ModelClient;
  /** For an OpenAI-compatible server (Ollama, vLLM, llama.cpp). Default: `OPENAI_BASE_URL`, then OpenAI. */
  baseURL?: string;
  /** Default: `OPENAI_API_KEY`. */
  apiKey?: string;
  model: string;
  /** `defineTool(...)` results, and collections whose tools may change between turns (`mcpTools(...)`). */
  tools?: ReadonlyArray<Tool | ToolCollection>;
  /** Let the model ask for several calls at once and run them concurrently. Default true. */
  parallelToolCalls?: boolean;
  /** Tool rounds per turn; a round asked for past it is refused and a final answer forced. Default 8. */
  maxSteps?: number;
  /** How often the same call may be asked in one turn before the turn ends as `loop_detected`; 0 turns it off. Default 3. */
  loopLimit?: number;
  /** The system message that opens the conversation. */
  instructions?: string;
  /** History to continue from (after `instructions`, if both are given); checked once, when the session is created. */
  messages?: readonly ChatCompletionMessageParam[];
  /** Per-call limit for tools that set no `timeoutMs`, in ms; Infinity: none. Default 30 s. */
  toolTimeoutMs?: number;
  /** Longest tool result sent to the model, in characters, for tools that set no `maxOutputChars`. Default 100,000. */
  maxToolOutputChars?: number;
  /** Extra parameters for every request: `temperature`, `max_completion_tokens`, `seed`, `user`, … */
  requestParams?: RequestParams;
  /** Stream replies: `content.delta` and tool-call events arrive while the model writes. Default false. */
  stream?: boolean;
  /** Which OpenAI API to speak: Chat Completions (default) or the Responses API. The lifecycle is the same. */
  api?: 'chat' | 'responses';
  /**
   * Responses API only: keep the conversation on OpenAI's servers (`store: true`, `previous_response_id`,
   * only new items sent) instead of replaying it with every request (`store: false`, the default).
   */
  serverState?: boolean;
}

/** The machine's input and the actors' runtime for these options; throws a typed error for options it cannot run with. */
export interface ResolvedOptions {
  input: LifecycleInput;
  runtime: LifecycleRuntime;
  /** The fixed tools and the collections to ask before each turn. */
  tools: readonly Tool[];
  collections: readonly ToolCollection[];
}

/** The options that become the machine's input: a session's, and a durable turn's (which has no others). */
export type LifecycleInputOptions = Pick<
  LifecycleOptions,
  'model' | 'instructions' | 'messages' | 'parallelToolCalls' | 'maxSteps' | 'loopLimit' | 'requestParams' | 'stream'
>;

/** The machine's input for a new conversation: `instructions` become the opening system message. */
export function lifecycleInputFor(options: LifecycleInputOptions, conversationId: string): LifecycleInput {
  const history: unknown = options.messages === undefined ? [] : options.messages;
  return {
    model: options.model,
    parallelToolCalls: options.parallelToolCalls ?? true,
    maxSteps: options.maxSteps,
    loopLimit: options.loopLimit,
    requestParams: options.requestParams,
    stream: options.stream ?? false,
    conversationId,
    // A non-array history is kept as it is, for `connecting` to reject with `invalid_history`.
    messages: (options.instructions && Array.isArray(history)
      ? [{ role: 'system', content: options.instructions }, ...history]
      : history) as readonly ChatCompletionMessageParam[],
  };
}

/**
 * A stored conversation continued under the options it is continued with (model, limits…), its
 * history kept; an option left out keeps the stored value. Used when a session is restored and
 * when a durable worker runs a later turn.
 */
export function withRunOptions(
  context: LifecycleContext,
  options: Omit<LifecycleInputOptions, 'instructions' | 'messages'>,
): LifecycleContext {
  return {
    ...context,
    model: options.model,
    parallelToolCalls: options.parallelToolCalls ?? context.parallelToolCalls,
    maxSteps: options.maxSteps ?? context.maxSteps,
    loopLimit: options.loopLimit ?? context.loopLimit,
    // As plain JSON, as a new session's would be: the context holds no `undefined`.
    requestParams: options.requestParams ? (JSON.parse(JSON.stringify(options.requestParams)) as LifecycleContext['requestParams']) : context.requestParams,
    stream: options.stream ?? context.stream,
  };
}

export function resolveLifecycleOptions(options: LifecycleOptions, conversationId = ''): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionsError('Pass an options object with at least `model`.', 'options');
  const toolTimeoutMs = options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const timeout = timeoutProblem(toolTimeoutMs);
  if (timeout) throw new InvalidOptionsError(`toolTimeoutMs ${timeout}.`, 'toolTimeoutMs');
  const maxToolOutputChars = options.maxToolOutputChars ?? DEFAULT_MAX_TOOL_OUTPUT_CHARS;
  const size = sizeLimitProblem(maxToolOutputChars);
  if (size) throw new InvalidOptionsError(`maxToolOutputChars ${size}.`, 'maxToolOutputChars');
  const input = lifecycleInputFor(options, conversationId);
  const api = options.api ?? 'chat';
  if (api !== 'chat' && api !== 'responses') throw new InvalidOptionsError(`api must be "chat" or "responses", got ${JSON.stringify(api)}.`, 'api');
  if (options.serverState && api !== 'responses') throw new InvalidOptionsError('serverState is for the Responses API: pass api: "responses" too.', 'serverState');
  const unsupported = api === 'responses' ? unsupportedOnResponses(options.requestParams ?? {}) : [];
  if (unsupported.length > 0) throw new InvalidOptionsError(`The Responses API has no field for ${unsupported.join(', ')}: leave them out of requestParams.`, 'requestParams');
  const entries = options.tools ?? NO_TOOLS;
  if (!Array.isArray(entries)) throw new InvalidOptionsError('tools must be an array of defineTool(...) results.', 'tools');
  const collections = entries.filter(isToolCollection);
  const tools = collections.length === 0 ? (entries as readonly Tool[]) : entries.filter((entry): entry is Tool => !isToolCollection(entry));
  return {
    input,
    runtime: { client: clientFrom(options), api, serverState: options.serverState === true, toolbox: toolboxFor(tools), toolTimeoutMs, maxToolOutputChars },
    tools,
    collections,
  };
}

/** The turn's tools: the fixed ones and each collection's current set (its last known one if it fails now). */
export async function toolboxForTurn(tools: readonly Tool[], collections: readonly ToolCollection[], previous: Map<ToolCollection, readonly Tool[]>): Promise<Toolbox> {
  const sets = await Promise.all(
    collections.map(async (collection) => {
      try {
        const current = await collection.current();
        previous.set(collection, current);
        return current;
      } catch {
        return previous.get(collection) ?? [];
      }
    }),
  );
  return createToolbox([...tools, ...sets.flat()]);
}

export function clientFrom(options: LifecycleOptions): ModelClient {
  if (options.client) return options.client;
  // `process` exists only in Node; in a browser the key must be passed explicitly.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? env?.OPENAI_API_KEY ?? 'no-key', dangerouslyAllowBrowser: true });
}

const NO_TOOLS: ReadonlyArray<Tool | ToolCollection> = [];
const toolboxes = new WeakMap<readonly Tool[], Toolbox>();

/**
 * Sessions built from the same tools array share its toolbox, saving about 1 KB each. The check
 * keeps a caller who changed the array in between from getting the old tool set.
 */
function toolboxFor(tools: readonly Tool[]): Toolbox {
  const cached = Array.isArray(tools) ? toolboxes.get(tools) : undefined;
  if (cached && cached.names.length === tools.length && tools.every((tool) => cached.get(tool.name) === tool)) return cached;
  const toolbox = createToolbox(tools);
  toolboxes.set(tools, toolbox);
  return toolbox;
}
