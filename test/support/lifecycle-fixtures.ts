import { createActor } from 'xstate';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import type { LifecycleContext, LifecycleEvent } from '../../machines/lifecycle-types.js';
import type { ModelReply } from '../../src/conversation/model-reply.js';
import type { ToolCallRecord, ToolEffect } from '../../src/conversation/tool-call-record.js';

/** Hand-made contexts, records and events for the machine's pure pieces. */

export const baseContext: LifecycleContext = createActor(lifecycleMachine).getSnapshot().context;

export function contextWith(
  patch: Partial<LifecycleContext> & { toolCalls?: ToolCallRecord[]; steps?: number; forcedAnswer?: LifecycleContext['turn']['forcedAnswer'] },
): LifecycleContext {
  const { toolCalls, steps, forcedAnswer, ...rest } = patch;
  return {
    ...baseContext,
    ...rest,
    turn: { ...baseContext.turn, toolCalls: toolCalls ?? [], steps: steps ?? 0, forcedAnswer: forcedAnswer ?? null },
  };
}

const base = (id: string, effect: ToolEffect = 'unspecified') => ({
  id,
  name: 't',
  rawArguments: '{}',
  arguments: {},
  effect,
  approval: 'not_required' as const,
  idempotencyKey: `c:1:${id}`,
});

export const pending = (id: string, effect?: ToolEffect): ToolCallRecord => ({ ...base(id, effect), status: 'pending' });
export const running = (id: string, effect?: ToolEffect): ToolCallRecord => ({ ...base(id, effect), status: 'running' });
export const awaiting = (id: string): ToolCallRecord => ({ ...base(id), status: 'awaiting_approval', approval: 'required' });
export const failed = (id: string): ToolCallRecord => ({
  ...base(id),
  rawArguments: '{',
  arguments: null,
  status: 'failed',
  error: { kind: 'invalid_json', message: 'bad' },
  content: '{}',
  durationMs: 0,
});

export function reply(toolCalls = 0, content = toolCalls ? '' : 'hi'): ModelReply {
  const calls = Array.from({ length: toolCalls }, (_, index) => ({ id: `c${index}`, kind: 'function' as const, name: 't', arguments: '{}', defect: null }));
  return {
    message: {
      role: 'assistant',
      content: toolCalls ? null : content,
      ...(toolCalls ? { tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) } : {}),
    },
    content,
    toolCalls: calls,
    finishReason: toolCalls ? 'tool_calls' : 'stop',
    usage: null,
    continuation: null,
  };
}

export const replied = (toolCalls = 0): LifecycleEvent => ({ type: 'model.replied', requestId: 1, reply: reply(toolCalls) });

export const settled = (toolCallId: string): LifecycleEvent => ({
  type: 'tool.settled',
  toolCallId,
  outcome: { ok: true, result: 1, content: '1', durationMs: 1, truncatedFrom: null },
});
