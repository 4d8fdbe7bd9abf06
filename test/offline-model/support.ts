import OpenAI, { APIError, BadRequestError } from 'openai';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../src/offline-model/index.js';

export function clientFor(server: OfflineModelServer, maxRetries = 0): OpenAI {
  return new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries });
}

/**
 * One server for a test file, started before its tests, answering every request "ok"; `calls`
 * counts the requests that passed validation and reached the script, from 0 in each test.
 */
export function useCountingServer(): { readonly server: OfflineModelServer; readonly calls: number } {
  let server: OfflineModelServer | undefined;
  let calls = 0;
  beforeAll(async () => {
    server = await startOfflineModel({
      script: () => {
        calls += 1;
        return { content: 'ok' };
      },
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    calls = 0;
  });
  return {
    get server() {
      if (!server) throw new Error('The counting server starts in beforeAll: use it inside a test.');
      return server;
    },
    get calls() {
      return calls;
    },
  };
}

/** Posts an arbitrary (possibly invalid) body through the SDK's own request pipeline. */
export function postRaw(client: OpenAI, body: unknown): Promise<unknown> {
  return client.post('/chat/completions', { body });
}

export async function expectApiError(promise: Promise<unknown>, status: number): Promise<APIError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(APIError);
  const apiError = error as APIError;
  expect(apiError.status).toBe(status);
  return apiError;
}

export async function expectBadRequest(
  promise: Promise<unknown>,
  expected: { message: string | RegExp; param: string | null },
): Promise<BadRequestError> {
  const error = await expectApiError(promise, 400);
  expect(error).toBeInstanceOf(BadRequestError);
  expect(error.type).toBe('invalid_request_error');
  expect(error.param).toBe(expected.param);
  const message = (error.error as { message?: unknown } | undefined)?.message;
  if (typeof expected.message === 'string') expect(message).toBe(expected.message);
  else expect(message).toMatch(expected.message);
  return error as BadRequestError;
}

export const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

export const timeTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_time',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string' } },
      required: ['timezone'],
      additionalProperties: false,
    },
  },
};

export const calculateTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'calculate',
    parameters: {
      type: 'object',
      properties: { expression: { type: 'string' } },
      required: ['expression'],
      additionalProperties: false,
    },
  },
};

export const bundledTools: ChatCompletionTool[] = [weatherTool, timeTool, calculateTool];
