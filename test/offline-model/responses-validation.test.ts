import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { clientFor, expectBadRequest, useCountingServer } from './support.js';
import { flatTools, postResponses, weatherFlatTool } from './responses-support.js';

const counting = useCountingServer();
beforeEach(() => {
  counting.server.responsesRequests.length = 0;
});

function post(body: Record<string, unknown>) {
  return postResponses(clientFor(counting.server), { model: 'gpt-test', input: 'hi', ...body });
}

/** The request must fail with exactly this param, code and message, before the responder is asked. */
async function expectRejected(body: Record<string, unknown>, param: string | null, code: string, message: string | RegExp) {
  const error = await expectBadRequest(post(body), { param, message });
  expect(error.code).toBe(code);
  expect(counting.calls).toBe(0);
}

const userSays = (text: string) => ({ role: 'user', content: text });

describe('POST /v1/responses request validation', () => {
  it('accepts a request that uses many optional members correctly', async () => {
    const result = await post({
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'no emojis' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'what is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
          ],
        },
        { role: 'assistant', content: [{ type: 'output_text', text: 'A dot.' }] },
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Really.', annotations: [], logprobs: [] }],
        },
        { role: 'user', content: 'thanks' },
      ],
      tools: flatTools,
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'get_weather' }] },
      parallel_tool_calls: false,
      store: true,
      include: ['reasoning.encrypted_content'],
      max_output_tokens: 16,
      temperature: 2,
      top_p: 0,
      metadata: { run: '1' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      reasoning: { effort: 'low', summary: null },
      user: 'ann',
      safety_identifier: 'ann-hash',
      truncation: 'disabled',
      service_tier: 'auto',
      previous_response_id: null,
      stream: false,
    });
    expect(result).toMatchObject({ object: 'response', status: 'completed' });
    expect(counting.calls).toBe(1);
  });

  it('records each body, rejected ones included, apart from chat completion requests', async () => {
    await post({ nonsense: true }).catch(() => undefined);
    await post({});
    expect(counting.server.responsesRequests.map((entry) => entry.body)).toEqual([
      { model: 'gpt-test', input: 'hi', nonsense: true },
      { model: 'gpt-test', input: 'hi' },
    ]);
    expect(counting.server.requests).toEqual([]);
  });

  it('rejects a missing model and unknown members anywhere', async () => {
    await expectBadRequest(postResponses(clientFor(counting.server), { input: 'hi' }), {
      message: "Missing required parameter: 'model'.",
      param: 'model',
    });
    await expectRejected({ messages: [] }, 'messages', 'unknown_parameter', "Unknown parameter: 'messages'.");
    await expectRejected(
      { input: [{ role: 'user', content: 'x', name: 'ann' }] },
      'input[0].name',
      'unknown_parameter',
      "Unknown parameter: 'input[0].name'.",
    );
    await expectRejected(
      { tools: [{ ...weatherFlatTool, function: {} }] },
      'tools[0].function',
      'unknown_parameter',
      "Unknown parameter: 'tools[0].function'.",
    );
  });

  it('rejects a body that is not an object, and input of the wrong type', async () => {
    await expectBadRequest(postResponses(clientFor(counting.server), [1]), {
      message: 'Invalid type for body: expected an object, but got an array instead.',
      param: null,
    });
    await expectRejected(
      { input: 42 },
      'input',
      'invalid_type',
      "Invalid type for 'input': expected one of a string or an array of objects, but got an integer instead.",
    );
  });

  it('reads an item without type as a message, and names the missing role', async () => {
    await expectRejected(
      { input: [{ content: 'x' }] },
      'input[0].role',
      'missing_required_parameter',
      "Missing required parameter: 'input[0].role'.",
    );
    await expectRejected(
      { input: [{ role: 'robot', content: 'x' }] },
      'input[0].role',
      'invalid_value',
      "Invalid value: 'robot'. Supported values are: 'user', 'assistant', 'system', and 'developer'.",
    );
  });

  it('rejects an unknown item type, listing the ones the offline model takes', async () => {
    await expectRejected(
      { input: [{ type: 'web_search_call', id: 'ws_1' }] },
      'input[0].type',
      'invalid_value',
      "Invalid value: 'web_search_call'. Supported values are: 'message', 'function_call', 'function_call_output', and 'reasoning'.",
    );
  });

  it('reports content parts of the wrong role against the part, unknown part types against their type', async () => {
    await expectRejected(
      { input: [userSays('hi'), { role: 'assistant', content: [{ type: 'input_text', text: 'hello' }] }] },
      'input[1].content[0]',
      'invalid_value',
      "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.",
    );
    await expectRejected(
      {
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'a' },
              { type: 'output_text', text: 'b' },
            ],
          },
        ],
      },
      'input[0].content[1]',
      'invalid_value',
      "Invalid value: 'output_text'. Supported values are: 'input_text', 'input_image', and 'input_file'.",
    );
    await expectRejected(
      { input: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }] },
      'input[0].content[0].type',
      'invalid_value',
      "Invalid value: 'text'. Supported values are: 'input_text', 'input_image', 'output_text', 'refusal', 'input_file', 'computer_screenshot', and 'summary_text'.",
    );
    await expectRejected(
      {
        input: [
          userSays('hi'),
          { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
          { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'output_text', text: 'x' }] },
        ],
      },
      'input[2].output[0]',
      'invalid_value',
      "Invalid value: 'output_text'. Supported values are: 'input_text', 'input_image', and 'input_file'.",
    );
  });

  it('requires the members of function calls, their outputs and reasoning items', async () => {
    await expectRejected(
      { input: [userSays('hi'), { type: 'function_call', call_id: 'call_1', arguments: '{}' }] },
      'input[1].name',
      'missing_required_parameter',
      "Missing required parameter: 'input[1].name'.",
    );
    await expectRejected(
      { input: [userSays('hi'), { type: 'function_call', call_id: 'call_1', name: 'f', arguments: { a: 1 } }] },
      'input[1].arguments',
      'invalid_type',
      "Invalid type for 'input[1].arguments': expected a string, but got an object instead.",
    );
    await expectRejected(
      { input: [userSays('hi'), { type: 'function_call_output', output: 'x' }] },
      'input[1].call_id',
      'missing_required_parameter',
      "Missing required parameter: 'input[1].call_id'.",
    );
    await expectRejected(
      { input: [userSays('hi'), { type: 'reasoning', summary: [] }] },
      'input[1].id',
      'missing_required_parameter',
      "Missing required parameter: 'input[1].id'.",
    );
  });

  it('takes flat function tools only, with strict and parameters present and a valid name', async () => {
    const { strict: _strict, ...withoutStrict } = weatherFlatTool;
    await expectRejected(
      { tools: [withoutStrict] },
      'tools[0].strict',
      'missing_required_parameter',
      "Missing required parameter: 'tools[0].strict'.",
    );
    await expectRejected(
      { tools: [{ type: 'function', function: { name: 'f' } }] },
      'tools[0].function',
      'unknown_parameter',
      "Unknown parameter: 'tools[0].function'.",
    );
    await expectRejected(
      { tools: [{ ...weatherFlatTool, name: 'get weather' }] },
      'tools[0].name',
      'invalid_value',
      "Invalid 'tools[0].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
    );
    await expectRejected(
      { tools: [{ type: 'web_search' }] },
      'tools[0].type',
      'invalid_value',
      "Invalid value: 'web_search'. Supported values are: 'function'.",
    );
  });

  it('checks tool schemas and names like Chat Completions', async () => {
    await expectRejected(
      { tools: [weatherFlatTool, weatherFlatTool] },
      'tools[1].name',
      'duplicate_function_name',
      "Invalid 'tools': function names must be unique, but 'get_weather' is defined more than once.",
    );
    await expectRejected(
      { tools: [{ ...weatherFlatTool, strict: true, parameters: { type: 'object', properties: { city: { type: 'string' } } } }] },
      'tools[0].parameters',
      'invalid_function_parameters',
      /^Invalid schema for function 'get_weather': In context=\(\), 'additionalProperties' is required/,
    );
    await expectRejected(
      { tools: [{ ...weatherFlatTool, strict: false, parameters: { type: 'array' } }] },
      'tools[0].parameters',
      'invalid_function_parameters',
      `Invalid schema for function 'get_weather': schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`,
    );
    // strict: false (or null) skips the Structured Outputs rules.
    await post({
      tools: [{ ...weatherFlatTool, strict: null, parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(counting.calls).toBe(1);
  });

  it('checks ranges and enums from the document', async () => {
    await expectRejected(
      { max_output_tokens: 15 },
      'max_output_tokens',
      'integer_below_min_value',
      "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 15 instead.",
    );
    await expectRejected(
      { temperature: 2.5 },
      'temperature',
      'decimal_above_max_value',
      "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.",
    );
    await expectRejected(
      { include: ['reasoning.summary'] },
      'include[0]',
      'invalid_value',
      /^Invalid value: 'reasoning\.summary'\. Supported values are: 'file_search_call\.results', /,
    );
    await expectRejected(
      { tool_choice: 'always' },
      'tool_choice',
      'invalid_value',
      "Invalid value: 'always'. Supported values are: 'none', 'auto', and 'required'.",
    );
    await expectRejected(
      { tool_choice: { type: 'function', function: { name: 'f' } } },
      'tool_choice.function',
      'unknown_parameter',
      "Unknown parameter: 'tool_choice.function'.",
    );
    await expectRejected(
      { store: 'yes' },
      'store',
      'invalid_type',
      "Invalid type for 'store': expected a boolean, but got a string instead.",
    );
    await expectRejected(
      { metadata: { run: 1 } },
      'metadata.run',
      'invalid_type',
      "Invalid type for 'metadata.run': expected a string, but got an integer instead.",
    );
  });

  it('refuses features that need state or services the offline model has not, instead of ignoring them', async () => {
    await expectRejected(
      { conversation: 'conv_1' },
      'conversation',
      'unsupported_parameter',
      "Unsupported parameter: 'conversation' is not supported with this model.",
    );
    await expectRejected(
      { background: true },
      'background',
      'unsupported_parameter',
      "Unsupported parameter: 'background' is not supported with this model.",
    );
    await expectRejected(
      { prompt: { id: 'pmpt_1' } },
      'prompt',
      'unsupported_parameter',
      "Unsupported parameter: 'prompt' is not supported with this model.",
    );
    await post({ background: false, conversation: null });
    expect(counting.calls).toBe(1);
  });

  it('answers any body with a response or an OpenAI-shaped client error, never a crash', async () => {
    const part = fc.record(
      {
        type: fc.constantFrom('input_text', 'output_text', 'refusal', 'input_image', 'text'),
        text: fc.oneof(fc.string(), fc.integer()),
      },
      { requiredKeys: [] },
    );
    const item = fc.record(
      {
        type: fc.constantFrom('message', 'function_call', 'function_call_output', 'reasoning', 'item_reference'),
        role: fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool'),
        id: fc.constantFrom('fc_1', 'msg_1', 'rs_1', 'call_1'),
        call_id: fc.constantFrom('call_1', 'call_2'),
        name: fc.constantFrom('get_weather', ''),
        arguments: fc.oneof(fc.constant('{}'), fc.jsonValue()),
        output: fc.oneof(fc.string(), fc.array(part)),
        content: fc.oneof(fc.string(), fc.array(part), fc.constant(null)),
        summary: fc.constant([]),
        encrypted_content: fc.oneof(fc.string(), fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          model: fc.oneof(fc.constant('m'), fc.jsonValue()),
          input: fc.oneof(fc.string(), fc.array(item, { maxLength: 5 }), fc.jsonValue()),
          tools: fc.oneof(fc.constant(flatTools), fc.jsonValue()),
          previous_response_id: fc.oneof(fc.constant('resp_offline0001'), fc.jsonValue()),
          store: fc.oneof(fc.boolean(), fc.jsonValue()),
          include: fc.constant(['reasoning.encrypted_content']),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const response = await fetch(`${counting.server.baseURL}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sent),
        });
        const answer = (await response.json()) as { object?: unknown; error?: { message?: unknown; type?: unknown } };
        if (response.status === 200) expect(answer.object).toBe('response');
        else {
          expect([400, 404]).toContain(response.status);
          expect(typeof answer.error?.message).toBe('string');
          expect(answer.error?.type).toBe('invalid_request_error');
        }
      }),
      { numRuns: 300 },
    );
  });
});
