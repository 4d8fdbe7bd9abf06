import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { beforeEach, describe, expect, it } from 'vitest';
import { clientFor, expectApiError, expectBadRequest, postRaw, useCountingServer, weatherTool } from './support.js';

const counting = useCountingServer();
beforeEach(() => {
  counting.server.requests.length = 0;
});

const user = { role: 'user', content: 'hi' };
const assistantCalling = (...ids: string[]) => ({
  role: 'assistant',
  content: null,
  tool_calls: ids.map((id) => ({ id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } })),
});
const toolResult = (id: string) => ({ role: 'tool', tool_call_id: id, content: '{"temp":20}' });
const TOOL_NOT_RESPONSE =
  "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
const unanswered = (ids: string) =>
  "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
  `The following tool_call_ids did not have response messages: ${ids}`;

function post(body: Record<string, unknown>) {
  return postRaw(clientFor(counting.server), { model: 'gpt-test', messages: [user], ...body });
}

function toolWith(fn: Record<string, unknown>): ChatCompletionTool {
  return { type: 'function', function: { name: 'f', ...fn } } as ChatCompletionTool;
}

describe('request validation', () => {
  it('accepts a well-formed tool round trip', async () => {
    const result = await post({
      messages: [user, assistantCalling('call_a', 'call_b'), toolResult('call_b'), toolResult('call_a'), { role: 'user', content: 'thanks' }],
      tools: [weatherTool],
      parallel_tool_calls: true,
      tool_choice: 'auto',
    });
    expect(result).toMatchObject({ object: 'chat.completion' });
    expect(counting.calls).toBe(1);
  });

  it('rejects a missing or empty model', async () => {
    await expectBadRequest(postRaw(clientFor(counting.server), { messages: [user] }), { message: 'you must provide a model parameter', param: 'model' });
    await expectBadRequest(post({ model: '' }), { message: 'you must provide a model parameter', param: 'model' });
  });

  it('rejects missing or empty messages', async () => {
    await expectBadRequest(postRaw(clientFor(counting.server), { model: 'gpt-test' }), {
      message: "Missing required parameter: 'messages'.",
      param: 'messages',
    });
    await expectBadRequest(post({ messages: [] }), { message: /empty array/, param: 'messages' });
  });

  it('rejects an unknown role', async () => {
    const error = await expectBadRequest(post({ messages: [user, { role: 'robot', content: 'beep' }] }), {
      message: /^Invalid value: 'robot'\. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'\.$/,
      param: 'messages[1].role',
    });
    expect(error.code).toBe('invalid_value');
  });

  it('rejects a tool message with no preceding tool_calls', async () => {
    await expectBadRequest(post({ messages: [user, toolResult('call_a')] }), {
      message: TOOL_NOT_RESPONSE,
      param: 'messages.[1].role',
    });
  });

  it('rejects a tool message answering an id the assistant never issued', async () => {
    await expectBadRequest(post({ messages: [user, assistantCalling('call_a'), toolResult('call_zzz')] }), {
      message: TOOL_NOT_RESPONSE,
      param: 'messages.[2].role',
    });
  });

  it('rejects a tool message answering the same id twice', async () => {
    await expectBadRequest(
      post({ messages: [user, assistantCalling('call_a', 'call_b'), toolResult('call_a'), toolResult('call_a'), toolResult('call_b')] }),
      { message: TOOL_NOT_RESPONSE, param: 'messages.[3].role' },
    );
  });

  it('rejects a tool message separated from its assistant message by another role', async () => {
    await expectBadRequest(
      post({ messages: [user, assistantCalling('call_a'), toolResult('call_a'), user, toolResult('call_a')] }),
      { message: TOOL_NOT_RESPONSE, param: 'messages.[4].role' },
    );
  });

  it('rejects tool_calls not fully answered before the next role', async () => {
    await expectBadRequest(
      post({ messages: [user, assistantCalling('call_x', 'call_y', 'call_z'), toolResult('call_y'), user] }),
      { message: unanswered('call_x, call_z'), param: 'messages.[1].role' },
    );
  });

  it('rejects tool_calls left unanswered at the end of the conversation', async () => {
    await expectBadRequest(post({ messages: [user, assistantCalling('call_x', 'call_y')] }), {
      message: unanswered('call_x, call_y'),
      param: 'messages.[1].role',
    });
  });

  it('rejects parallel_tool_calls and tool_choice without tools', async () => {
    await expectBadRequest(post({ parallel_tool_calls: false }), {
      message: "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.",
      param: 'parallel_tool_calls',
    });
    await expectBadRequest(post({ tool_choice: 'auto' }), {
      message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      param: 'tool_choice',
    });
  });

  it('rejects a tool whose type is not function', async () => {
    await expectBadRequest(post({ tools: [{ type: 'custom', custom: { name: 'f' } }] }), {
      message: "Invalid value: 'custom'. Supported values are: 'function'.",
      param: 'tools[0].type',
    });
  });

  it('rejects function names outside ^[a-zA-Z0-9_-]{1,64}$', async () => {
    await expectBadRequest(post({ tools: [toolWith({ name: 'get weather' })] }), {
      message: /string does not match pattern/,
      param: 'tools[0].function.name',
    });
    await expectBadRequest(post({ tools: [weatherTool, toolWith({ name: 'x'.repeat(65) })] }), {
      message: /string too long.*maximum length 64/,
      param: 'tools[1].function.name',
    });
    await expectBadRequest(post({ tools: [toolWith({ name: '' })] }), { message: /empty string/, param: 'tools[0].function.name' });
    await expect(post({ tools: [toolWith({ name: 'A-z_09'.padEnd(64, 'x') })] })).resolves.toBeDefined();
  });

  it('rejects duplicate function names', async () => {
    await expectBadRequest(post({ tools: [weatherTool, weatherTool] }), {
      message: /'get_weather' is defined more than once/,
      param: 'tools[1].function.name',
    });
  });

  it('rejects parameters that are not an object schema', async () => {
    await expectBadRequest(post({ tools: [toolWith({ parameters: { type: 'string' } })] }), {
      message: `Invalid schema for function 'f': schema must be a JSON Schema of 'type: "object"', got 'type: "string"'.`,
      param: 'tools[0].function.parameters',
    });
    await expectBadRequest(post({ tools: [toolWith({ parameters: { properties: {} } })] }), {
      message: /got 'type: null'/,
      param: 'tools[0].function.parameters',
    });
    await expectBadRequest(post({ tools: [toolWith({ parameters: 'object' })] }), {
      message: /got a string/,
      param: 'tools[0].function.parameters',
    });
  });

  describe('strict schemas', () => {
    const strictTool = (parameters: Record<string, unknown>) => toolWith({ strict: true, parameters });
    const closed = (properties: Record<string, unknown>) => ({
      type: 'object',
      properties,
      required: Object.keys(properties),
      additionalProperties: false,
    });

    it('accepts a fully closed nested schema', async () => {
      const parameters = closed({
        city: { type: 'string' },
        address: closed({ street: { type: 'string' } }),
        tags: { type: 'array', items: closed({ label: { type: 'string' } }) },
        choice: { anyOf: [closed({ a: { type: 'number' } }), { type: 'null' }] },
      });
      await expect(post({ tools: [strictTool(parameters)] })).resolves.toBeDefined();
      // The same shape without strict is fine even when not closed.
      await expect(post({ tools: [toolWith({ parameters: { type: 'object', properties: { a: { type: 'string' } } } })] })).resolves.toBeDefined();
    });

    it('requires additionalProperties: false at the root', async () => {
      await expectBadRequest(post({ tools: [strictTool({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })] }), {
        message: "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.",
        param: 'tools[0].function.parameters',
      });
    });

    it('requires every property to be listed in required', async () => {
      const error = await expectBadRequest(
        post({
          tools: [strictTool({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false })],
        }),
        { message: /In context=\(\), 'required' is required to be supplied and to be an array including every key in properties\. Missing 'b'\./, param: 'tools[0].function.parameters' },
      );
      expect(error.code).toBe('invalid_function_parameters');
    });

    it('checks nested objects, array items and anyOf members', async () => {
      await expectBadRequest(
        post({ tools: [strictTool(closed({ address: { type: 'object', properties: { s: { type: 'string' } }, required: ['s'] } }))] }),
        { message: /In context=\('properties', 'address'\), 'additionalProperties'/, param: 'tools[0].function.parameters' },
      );
      await expectBadRequest(
        post({ tools: [strictTool(closed({ tags: { type: 'array', items: { type: 'object', properties: { l: { type: 'string' } }, additionalProperties: false } } }))] }),
        { message: /In context=\('properties', 'tags', 'items'\), 'required'.*Missing 'l'/, param: 'tools[0].function.parameters' },
      );
      await expectBadRequest(
        post({ tools: [strictTool(closed({ choice: { anyOf: [{ type: 'string' }, { type: 'object', properties: {} }] } }))] }),
        { message: /In context=\('properties', 'choice', 'anyOf', '1'\), 'additionalProperties'/, param: 'tools[0].function.parameters' },
      );
    });
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${counting.server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "gpt-test", messages: oops',
    });
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(response.status).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/could not parse the JSON body/);
  });

  it('records rejected requests and never consults the script for them', async () => {
    await expectApiError(post({ messages: [user, toolResult('call_a')], tools: [weatherTool] }), 400);
    await expectApiError(post({ model: '' }), 400);

    expect(counting.calls).toBe(0);
    expect(counting.server.requests).toHaveLength(2);
    expect(counting.server.requests[0]?.body.messages[1]).toEqual(toolResult('call_a'));
    expect(counting.server.requests[1]?.body.model).toBe('');
  });
});
