import OpenAI from 'openai';
import { startOfflineModel } from '../offline-model/index.js';

export interface ModelConnection {
  client: OpenAI;
  model: string;
  /** Shown once at start-up, so nobody mistakes the offline demo for a real model. */
  description: string;
  close(): Promise<void>;
}

const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
export const OFFLINE_MODEL_NAME = 'toolcycle-offline';

/**
 * A real API when there is a key or a base URL (Ollama, vLLM and llama.cpp need no key), otherwise
 * the embedded offline model on an ephemeral loopback port.
 */
export async function connectModel(options: { model?: string; baseURL?: string; env: NodeJS.ProcessEnv }): Promise<ModelConnection> {
  const baseURL = options.baseURL ?? (options.env.OPENAI_BASE_URL || undefined);
  const apiKey = options.env.OPENAI_API_KEY || undefined;
  if (baseURL || apiKey) {
    const model = options.model ?? DEFAULT_OPENAI_MODEL;
    return {
      client: new OpenAI({ baseURL, apiKey: apiKey ?? 'not-needed' }),
      model,
      description: `model ${model} at ${baseURL ?? 'the OpenAI API'}`,
      close: async () => {},
    };
  }
  const server = await startOfflineModel({ modelName: OFFLINE_MODEL_NAME });
  return {
    client: new OpenAI({ baseURL: server.baseURL, apiKey: 'offline' }),
    model: options.model ?? OFFLINE_MODEL_NAME,
    description: `the offline demo model at ${server.baseURL} (no OPENAI_API_KEY or OPENAI_BASE_URL set; answers are rule-based, not AI)`,
    close: () => server.close(),
  };
}
