import { describe, expect, it } from 'vitest';
import { clientFor, expectBadRequest, postRaw, useCountingServer, weatherTool } from './support.js';

const counting = useCountingServer();

const user = { role: 'user', content: 'hi' };

function post(body: Record<string, unknown>) {
  return postRaw(clientFor(counting.server), { model: 'gpt-test', messages: [user], ...body });
}

/** The request must fail with exactly this param and code, before the responder is asked. */
async function expectRejected(body: Record<string, unknown>, param: string, code: string, message: string | RegExp) {
  const error = await expectBadRequest(post(body), { param, message });
  expect(error.code).toBe(code);
  expect(counting.calls).toBe(0);
}

describe('field rules from the OpenAPI document', () => {
  it('accepts a request that uses many optional members correctly', async () => {
    const result = await post({
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'be brief' }] },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
            { type: 'file', file: { file_id: 'file_1' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }], refusal: null, annotations: [] },
        { role: 'user', content: 'please' },
      ],
      temperature: 0.5,
      top_p: 1,
      n: 1,
      max_completion_tokens: 100,
      max_tokens: null,
      frequency_penalty: -2,
      presence_penalty: 2,
      stop: ['\n', 'END'],
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 20,
      seed: 42,
      user: 'u-1',
      metadata: { run: 'test' },
      store: false,
      service_tier: 'auto',
      reasoning_effort: 'low',
      verbosity: 'medium',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      prediction: { type: 'content', content: 'draft' },
      tools: [weatherTool],
      tool_choice: {
        type: 'allowed_tools',
        allowed_tools: { mode: 'auto', tools: [{ type: 'function', function: { name: 'get_weather' } }] },
      },
      parallel_tool_calls: false,
      stream_options: null,
    });
    expect(result).toMatchObject({ object: 'chat.completion' });
    expect(counting.calls).toBe(1);
  });

  it('accepts what widely used clients send beyond the document', async () => {
    const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    const result = await post({
      messages: [
        user,
        // A response message sent straight back: it carries `annotations` and `refusal`.
        { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [call] },
        // LangChain names every tool result.
        { role: 'tool', tool_call_id: 'call_1', name: 'get_weather', content: '{"temp":20}' },
      ],
      tools: [weatherTool],
    });
    expect(result).toMatchObject({ object: 'chat.completion' });
  });

  it('rejects unknown members at the top level and inside messages', async () => {
    await expectRejected({ temprature: 1 }, 'temprature', 'unknown_parameter', "Unknown parameter: 'temprature'.");
    const call = { index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } };
    await expectRejected(
      { messages: [user, { role: 'assistant', content: null, tool_calls: [call] }] },
      'messages[1].tool_calls[0].index',
      'unknown_parameter',
      "Unknown parameter: 'messages[1].tool_calls[0].index'.",
    );
  });

  it('rejects a member of the wrong JSON type', async () => {
    await expectRejected(
      { max_completion_tokens: '100' },
      'max_completion_tokens',
      'invalid_type',
      "Invalid type for 'max_completion_tokens': expected an integer, but got a string instead.",
    );
    await expectRejected({ n: 1.5 }, 'n', 'invalid_type', /expected an integer, but got a decimal instead/);
    await expectRejected({ stream: 'yes' }, 'stream', 'invalid_type', /expected a boolean, but got a string instead/);
    await expectRejected(
      { messages: [{ role: 'user', content: 5 }] },
      'messages[0].content',
      'invalid_type',
      /expected one of a string or an array of objects, but got an integer/,
    );
  });

  it('rejects numbers outside their range', async () => {
    await expectRejected(
      { temperature: 5 },
      'temperature',
      'decimal_above_max_value',
      "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 5 instead.",
    );
    await expectRejected(
      { n: 0 },
      'n',
      'integer_below_min_value',
      "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.",
    );
    await expectRejected({ top_logprobs: 21 }, 'top_logprobs', 'integer_above_max_value', /Expected a value <= 20/);
  });

  it('rejects values outside an enum, listing the supported ones', async () => {
    await expectRejected(
      { tools: [weatherTool], tool_choice: 'sometimes' },
      'tool_choice',
      'invalid_value',
      "Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'.",
    );
    await expectRejected({ reasoning_effort: 'extreme' }, 'reasoning_effort', 'invalid_value', /^Invalid value: 'extreme'\./);
  });

  it('rejects a content part of an unknown or missing type', async () => {
    await expectRejected(
      { messages: [user, { role: 'user', content: [{ type: 'image', url: 'x' }] }] },
      'messages[1].content[0].type',
      'invalid_value',
      "Invalid value: 'image'. Supported values are: 'text', 'image_url', 'input_audio', and 'file'.",
    );
    // The parts a role allows differ: a system message takes text only.
    await expectRejected(
      { messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }, user] },
      'messages[0].content[0].type',
      'invalid_value',
      "Invalid value: 'image_url'. Supported values are: 'text'.",
    );
    await expectRejected(
      { messages: [{ role: 'user', content: [{ text: 'hi' }] }] },
      'messages[0].content[0].type',
      'missing_required_parameter',
      "Missing required parameter: 'messages[0].content[0].type'.",
    );
  });

  it('rejects a missing required member of a nested object', async () => {
    await expectRejected(
      { messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages[0].content[0].text',
      'missing_required_parameter',
      "Missing required parameter: 'messages[0].content[0].text'.",
    );
    await expectRejected(
      { tools: [weatherTool], tool_choice: { type: 'function' } },
      'tool_choice.function',
      'missing_required_parameter',
      "Missing required parameter: 'tool_choice.function'.",
    );
  });

  it('rejects arrays shorter or longer than allowed', async () => {
    await expectRejected(
      { messages: [{ role: 'user', content: [] }] },
      'messages[0].content',
      'empty_array',
      "Invalid 'messages[0].content': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    );
    await expectRejected(
      { stop: ['a', 'b', 'c', 'd', 'e'] },
      'stop',
      'array_above_max_length',
      /array too long\. Expected an array with maximum length 4, but got an array with length 5/,
    );
  });

  it('rejects strings longer than allowed', async () => {
    await expectRejected(
      { safety_identifier: 'x'.repeat(65) },
      'safety_identifier',
      'string_above_max_length',
      /maximum length 64, but got a string with length 65/,
    );
  });

  it('rejects an assistant message that says and calls nothing', async () => {
    await expectRejected(
      { messages: [user, { role: 'assistant' }, user] },
      'messages[1].content',
      'invalid_value',
      "Invalid value for 'messages[1].content': expected a string, got null.",
    );
  });

  it('rejects a forced tool that was not offered', async () => {
    await expectBadRequest(post({ tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_time' } } }), {
      param: 'tool_choice',
      message: "Invalid value for 'tool_choice': tool_choice 'get_time' not found in 'tools' parameter.",
    });
  });
});
