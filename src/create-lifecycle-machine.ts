import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { defineLifecycleMachine, lifecycleMachine } from '../machines/lifecycle.js';
import type { LifecycleInput, RequestParams } from '../machines/lifecycle-types.js';
import { createExecuteToolCall } from './actors/execute-tool-call.js';
import { createRequestCompletion } from './actors/request-completion.js';
import type { Tool } from './tool-calls/define-tool.js';
import { createToolbox, type Toolbox } from './tool-calls/toolbox.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

export interface LifecycleOptions {
  /** An OpenAI client; its `maxRetries` and `timeout` govern API retries. Default: one built from `baseURL`/`apiKey`. */
  client?: OpenAI;
  /** For an OpenAI-compatible server (Ollama, vLLM, llama.cpp). Default: `OPENAI_BASE_URL`, then OpenAI. */
  baseURL?: string;
  /** Default: `OPENAI_API_KEY`. */
  apiKey?: string;
  model: string;
  tools?: readonly Tool[];
  /** Let the model ask for several calls at once and run them concurrently. Default true. */
  parallelToolCalls?: boolean;
  /** Tool rounds per turn before a final answer is forced. Default 8. */
  maxSteps?: number;
  /** The system message that opens the conversation. */
  instructions?: string;
  /** History to continue from (after `instructions`, if both are given). */
  messages?: readonly ChatCompletionMessageParam[];
  /** Per-call limit for tools that set no `timeoutMs`. Default 30 s. */
  toolTimeoutMs?: number;
  /** Extra parameters for every request: `temperature`, `max_completion_tokens`, `seed`, `user`, … */
  requestParams?: RequestParams;
}

/**
 * The lifecycle machine with the real actors: requests go through the `openai` SDK, tools run in
 * `executeToolCall` actors. Pass it to `createActor`; everything in `options` is its default input.
 * Throws `ToolDefinitionError` for a malformed tool set.
 */
export function createLifecycleMachine(options: LifecycleOptions) {
  return defineLifecycleMachine(lifecycleInput(options)).provide(realActors(clientFrom(options), toolTimeout(options)));
}

export type ProvidedLifecycleMachine = ReturnType<typeof createLifecycleMachine>;

/**
 * Building a machine costs about 20 KB of heap, five times an actor, so sessions that share a client
 * share one machine and differ only in their input.
 */
const sharedMachines = new WeakMap<OpenAI, Map<number, ProvidedLifecycleMachine>>();

export function sharedLifecycleMachine(client: OpenAI, toolTimeoutMs: number): ProvidedLifecycleMachine {
  let byTimeout = sharedMachines.get(client);
  if (!byTimeout) sharedMachines.set(client, (byTimeout = new Map()));
  let machine = byTimeout.get(toolTimeoutMs);
  if (!machine) byTimeout.set(toolTimeoutMs, (machine = lifecycleMachine.provide(realActors(client, toolTimeoutMs))));
  return machine;
}

export function clientFrom(options: LifecycleOptions): OpenAI {
  return (
    options.client ?? new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'no-key' })
  );
}

export function toolTimeout(options: LifecycleOptions): number {
  return options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
}

/** The machine's input for these options; throws `ToolDefinitionError` for a malformed tool set. */
export function lifecycleInput(options: LifecycleOptions): LifecycleInput {
  return {
    model: options.model,
    toolbox: toolboxFor(options.tools ?? NO_TOOLS),
    parallelToolCalls: options.parallelToolCalls ?? true,
    maxSteps: options.maxSteps,
    requestParams: options.requestParams,
    messages: [
      ...(options.instructions ? [{ role: 'system' as const, content: options.instructions }] : []),
      ...(options.messages ?? []),
    ],
  };
}

const NO_TOOLS: readonly Tool[] = [];
const toolboxes = new WeakMap<readonly Tool[], Toolbox>();

/**
 * Sessions built from the same tools array share its toolbox, saving about 1 KB each. The check
 * keeps a caller who changed the array in between from getting the old tool set.
 */
function toolboxFor(tools: readonly Tool[]): Toolbox {
  const cached = toolboxes.get(tools);
  if (cached && cached.names.length === tools.length && tools.every((tool) => cached.get(tool.name) === tool)) return cached;
  const toolbox = createToolbox(tools);
  toolboxes.set(tools, toolbox);
  return toolbox;
}

function realActors(client: OpenAI, toolTimeoutMs: number) {
  return {
    actors: {
      requestCompletion: createRequestCompletion(client),
      executeToolCall: createExecuteToolCall(toolTimeoutMs),
    },
  };
}
