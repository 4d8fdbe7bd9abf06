import type { CheckToolCallsInput } from '../../machines/lifecycle-types.js';
import type { RequestedToolCall } from '../conversation/model-reply.js';
import { invalidArgumentsError } from '../conversation/tool-call-error.js';
import {
  failToolCall,
  idempotencyKeyOf,
  toolCallBase,
  withStatus,
  type ToolCallBase,
  type ToolCallRecord,
} from '../conversation/tool-call-record.js';
import type { NeedsApproval, Tool } from '../tool-definition/tool.js';
import type { Toolbox } from '../tool-definition/toolbox.js';
import { describeThrown } from '../conversation/describe-thrown.js';
import { rememberCheckedArguments } from './checked-arguments.js';

/**
 * The `call` stage: turns the model's requested calls into records. A call that names no registered
 * tool, or whose arguments are not JSON or fail the tool's schema, is settled right here with an
 * error the model can act on. The others are runnable, or wait for a person when their tool says
 * so: `needsApproval` is evaluated here, once per call, and its verdict is recorded.
 */
export async function checkToolCalls(toolbox: Toolbox, input: CheckToolCallsInput): Promise<ToolCallRecord[]> {
  const records: ToolCallRecord[] = [];
  // One after another, in the model's order: approval checks may be stateful, and replays must agree.
  for (const call of input.toolCalls) {
    const tool = call.kind === 'function' ? toolbox.get(call.name) : undefined;
    const base = toolCallBase(call, idempotencyKeyOf(input.conversationId, input.turn, call.id), tool?.effect);
    try {
      records.push(await checkOne(call, base, tool, toolbox, input));
    } catch (error) {
      // A tool's own checker (an MCP tool's, say) threw: the model hears about it, the turn goes on.
      const { message, errorName } = describeThrown(error);
      records.push(failToolCall(base, { kind: 'tool_failed', message: `Checking the arguments for "${call.name}" failed: ${message}`, errorName }));
    }
  }
  return records;
}

async function checkOne(
  call: RequestedToolCall,
  base: ToolCallBase,
  tool: Tool | undefined,
  toolbox: Toolbox,
  input: CheckToolCallsInput,
): Promise<ToolCallRecord> {
  if (call.defect !== null) {
    return failToolCall(base, { kind: 'malformed_call', message: `The call could not be read: ${call.defect}. Send a function call with a name and JSON arguments.` });
  }
  if (call.kind !== 'function') {
    return failToolCall(base, { kind: 'unsupported_call', message: `Tool call type "${call.kind}" is not supported; call one of the registered functions instead.` });
  }
  if (!tool) {
    return failToolCall(base, {
      kind: 'unknown_tool',
      message: `There is no tool named "${call.name}". Available tools: ${toolbox.names.join(', ') || '(none)'}.`,
      availableTools: [...toolbox.names],
    });
  }
  if (base.arguments === null) {
    return failToolCall(base, { kind: 'invalid_json', message: `The arguments for "${call.name}" are not valid JSON (${jsonError(call.arguments)}). Send a JSON object.` });
  }
  const checked = tool.checkArguments(base.arguments);
  if (!checked.ok) return failToolCall(base, invalidArgumentsError(call.name, checked.issues));
  rememberCheckedArguments(base.arguments, checked.args);
  const needsApproval = await approvalVerdict(tool.needsApproval, checked.args, { toolCallId: call.id, messages: input.messages });
  return needsApproval ? { ...withStatus(base, 'awaiting_approval'), approval: 'required' } : withStatus(base, 'pending');
}

/** A check that throws asks a person rather than let a call through unseen. */
async function approvalVerdict(
  needsApproval: NeedsApproval<unknown>,
  args: unknown,
  context: { toolCallId: string; messages: CheckToolCallsInput['messages'] },
): Promise<boolean> {
  if (typeof needsApproval === 'boolean') return needsApproval;
  try {
    return (await needsApproval(args, context)) === true;
  } catch {
    return true;
  }
}

function jsonError(raw: string): string {
  try {
    JSON.parse(raw);
    return 'unknown error';
  } catch (error) {
    return error instanceof Error ? error.message : 'unknown error';
  }
}
