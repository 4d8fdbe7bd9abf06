import OpenAI from 'openai';
import { startOfflineModel } from '../offline-model/index.js';

export interface ModelConnection {
  client: OpenAI;
  model: string;
  /** Shown once at start-up, so nobody mistakes the offline demo for a real model. */
  description: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  model: string | undefined;
  /** Already checked to be http(s); undefined: OpenAI, or the offline model without a key. */
  baseURL: string | undefined;
  apiKey: string | undefined;
  /** The SDK client's own `timeout` and `maxRetries`, which govern every request's attempts. */
  timeoutMs: number;
  maxRetries: number | undefined;
}

const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
export const OFFLINE_MODEL_NAME = 'toolcycle-offline';

/**
 * A real API when there is a key or a base URL (Ollama, vLLM and llama.cpp need no key), otherwise
 * the embedded offline model on an ephemeral loopback port.
 */
export async function connectModel(options: ConnectOptions): Promise<ModelConnection> {
  const { baseURL, apiKey, timeoutMs: timeout, maxRetries } = options;
  const clientOptions = { timeout, ...(maxRetries === undefined ? {} : { maxRetries }) };
  if (baseURL || apiKey) {
    const model = options.model ?? DEFAULT_OPENAI_MODEL;
    return {
      client: new OpenAI({ baseURL, apiKey: apiKey ?? 'not-needed', ...clientOptions }),
      model,
      description: `model ${model} at ${baseURL ?? 'the OpenAI API'}`,
      close: async () => {},
    };
  }
  const server = await startOfflineModel({ modelName: OFFLINE_MODEL_NAME });
  return {
    client: new OpenAI({ baseURL: server.baseURL, apiKey: 'offline', ...clientOptions }),
    model: options.model ?? OFFLINE_MODEL_NAME,
    description: `the offline demo model at ${server.baseURL} (no OPENAI_API_KEY or OPENAI_BASE_URL set; answers are rule-based, not AI)`,
    close: () => server.close(),
  };
}
