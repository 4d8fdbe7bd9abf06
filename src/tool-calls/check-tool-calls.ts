import type { ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { Toolbox } from './toolbox.js';
import { failToolCall, type ToolCallRecord } from './tool-call-record.js';

/**
 * The `call` stage: turns the model's requested calls into records. A call that names no registered
 * tool, or whose arguments are not JSON or fail the tool's schema, is settled right here with an
 * error the model can act on; only calls that pass every check stay `pending` and reach a tool.
 */
export function checkToolCalls(toolCalls: readonly ChatCompletionMessageToolCall[], toolbox: Toolbox): ToolCallRecord[] {
  return toolCalls.map((toolCall) => checkToolCall(toolCall, toolbox));
}

function checkToolCall(toolCall: ChatCompletionMessageToolCall, toolbox: Toolbox): ToolCallRecord {
  if (toolCall.type !== 'function') {
    const call = { id: toolCall.id, name: toolCall.custom.name, rawArguments: toolCall.custom.input, arguments: undefined };
    return failToolCall(call, {
      kind: 'unsupported_call',
      message: `Tool call type "${toolCall.type}" is not supported; call one of the registered functions instead.`,
    });
  }
  const { name, arguments: rawArguments } = toolCall.function;
  const call = { id: toolCall.id, name, rawArguments, arguments: undefined as unknown };

  const tool = toolbox.get(name);
  if (!tool) {
    return failToolCall(call, {
      kind: 'unknown_tool',
      message: `There is no tool named "${name}". Available tools: ${toolbox.names.join(', ') || '(none)'}.`,
      availableTools: [...toolbox.names],
    });
  }

  let parsed: unknown;
  try {
    // An empty string is what some servers send for a call without arguments.
    parsed = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch (error) {
    return failToolCall(call, {
      kind: 'invalid_json',
      message: `The arguments for "${name}" are not valid JSON (${(error as Error).message}). Send a JSON object.`,
    });
  }
  call.arguments = parsed;

  const checked = tool.checkArguments(parsed);
  if (!checked.ok) {
    const listed = checked.issues.map((issue) => `${issue.path || '(arguments)'}: ${issue.message}`).join('; ');
    return failToolCall(call, {
      kind: 'invalid_arguments',
      message: `The arguments for "${name}" do not match its parameters: ${listed}.`,
      issues: checked.issues,
    });
  }
  return { ...call, arguments: checked.args, status: 'pending' };
}
