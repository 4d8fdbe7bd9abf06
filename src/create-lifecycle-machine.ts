import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { defineLifecycleMachine } from '../machines/lifecycle.js';
import { createExecuteToolCall } from './actors/execute-tool-call.js';
import { createRequestCompletion } from './actors/request-completion.js';
import type { Tool } from './tool-calls/define-tool.js';
import { createToolbox } from './tool-calls/toolbox.js';

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
}

/**
 * The lifecycle machine with the real actors: requests go through the `openai` SDK, tools run in
 * `executeToolCall` actors. Pass it to `createActor`; everything in `options` is its default input.
 * Throws `ToolDefinitionError` for a malformed tool set.
 */
export function createLifecycleMachine(options: LifecycleOptions) {
  const client =
    options.client ?? new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'no-key' });
  const messages: ChatCompletionMessageParam[] = [
    ...(options.instructions ? [{ role: 'system' as const, content: options.instructions }] : []),
    ...(options.messages ?? []),
  ];
  return defineLifecycleMachine({
    model: options.model,
    toolbox: createToolbox(options.tools ?? []),
    parallelToolCalls: options.parallelToolCalls ?? true,
    maxSteps: options.maxSteps,
    messages,
  }).provide({
    actors: {
      requestCompletion: createRequestCompletion(client),
      executeToolCall: createExecuteToolCall(options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS),
    },
  });
}
