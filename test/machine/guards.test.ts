import type { ChatCompletion } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  canRetry,
  canTakeAnotherStep,
  completionHasToolCalls,
  executionPlan,
  settlesLastPending,
  settlesOneOfSeveral,
} from '../../machines/guards.js';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import type { LifecycleContext, LifecycleEvent } from '../../machines/lifecycle-types.js';
import { ApiRequestError, InvalidTurnError } from '../../src/errors.js';
import type { ToolCallRecord } from '../../src/tool-calls/tool-call-record.js';

const baseContext = createActor(lifecycleMachine).getSnapshot().context;
const context = (patch: Partial<LifecycleContext> & { toolCalls?: ToolCallRecord[]; steps?: number }): LifecycleContext => ({
  ...baseContext,
  ...patch,
  turn: { ...baseContext.turn, toolCalls: patch.toolCalls ?? [], steps: patch.steps ?? 0 },
});
const pending = (id: string): ToolCallRecord => ({ id, name: 't', rawArguments: '{}', arguments: {}, status: 'pending' });
const failed = (id: string): ToolCallRecord => ({
  id,
  name: 't',
  rawArguments: '{',
  arguments: undefined,
  status: 'failed',
  error: { kind: 'invalid_json', message: 'bad' },
  content: '{}',
  durationMs: 0,
});
const completion = (toolCalls?: number): ChatCompletion => ({
  id: 'c',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [
    {
      index: 0,
      finish_reason: toolCalls ? 'tool_calls' : 'stop',
      logprobs: null,
      message: {
        role: 'assistant',
        content: toolCalls ? null : 'hi',
        refusal: null,
        ...(toolCalls !== undefined
          ? { tool_calls: Array.from({ length: toolCalls }, (_, i) => ({ id: `c${i}`, type: 'function' as const, function: { name: 't', arguments: '{}' } })) }
          : {}),
      },
    },
  ],
});
const settled = (toolCallId: string): LifecycleEvent => ({ type: 'tool.settled', toolCallId, outcome: { ok: true, result: 1, content: '1', durationMs: 1 } });

describe('guards', () => {
  it('completionHasToolCalls: only a message with at least one tool call', () => {
    expect(completionHasToolCalls(completion(2))).toBe(true);
    expect(completionHasToolCalls(completion(0))).toBe(false);
    expect(completionHasToolCalls(completion())).toBe(false);
  });

  it('canTakeAnotherStep: while steps < maxSteps', () => {
    expect(canTakeAnotherStep(context({ steps: 7, maxSteps: 8 }))).toBe(true);
    expect(canTakeAnotherStep(context({ steps: 8, maxSteps: 8 }))).toBe(false);
  });

  it('executionPlan picks none / single / parallel / sequential from pending calls and the flag', () => {
    expect(executionPlan(context({ toolCalls: [failed('a'), failed('b')] }))).toBe('none');
    expect(executionPlan(context({ toolCalls: [pending('a'), failed('b')] }))).toBe('single');
    expect(executionPlan(context({ toolCalls: [pending('a'), pending('b')], parallelToolCalls: true }))).toBe('parallel');
    expect(executionPlan(context({ toolCalls: [pending('a'), pending('b')], parallelToolCalls: false }))).toBe('sequential');
  });

  it('settlesOneOfSeveral / settlesLastPending: only for pending ids, by how many remain', () => {
    const two = context({ toolCalls: [pending('a'), pending('b')] });
    const one = context({ toolCalls: [failed('a'), pending('b')] });
    expect(settlesOneOfSeveral(two, settled('a'))).toBe(true);
    expect(settlesLastPending(two, settled('a'))).toBe(false);
    expect(settlesOneOfSeveral(one, settled('b'))).toBe(false);
    expect(settlesLastPending(one, settled('b'))).toBe(true);
    // An already-settled or unknown id settles nothing.
    expect(settlesLastPending(one, settled('a'))).toBe(false);
    expect(settlesOneOfSeveral(two, settled('zzz'))).toBe(false);
    expect(settlesLastPending(one, { type: 'cancel' })).toBe(false);
  });

  it('canRetry: only an API failure, and only into the stage that failed', () => {
    const api = new ApiRequestError('x', 'responding', 500, null);
    expect(canRetry(context({ lastError: api, failedStage: 'responding' }), 'responding')).toBe(true);
    expect(canRetry(context({ lastError: api, failedStage: 'responding' }), 'deciding')).toBe(false);
    expect(canRetry(context({ lastError: new InvalidTurnError('x', 'empty_message'), failedStage: undefined }), 'deciding')).toBe(false);
  });

  it('every guard named in the machine is implemented in setup()', () => {
    const named = new Set<string>();
    const visit = (node: typeof lifecycleMachine.root) => {
      for (const definitions of node.transitions.values()) for (const definition of definitions) if (definition.guard) named.add(String((definition.guard as { type?: string }).type ?? definition.guard));
      for (const definition of node.always ?? []) if (definition.guard) named.add(String((definition.guard as { type?: string }).type ?? definition.guard));
      Object.values(node.states).forEach(visit);
    };
    visit(lifecycleMachine.root);
    expect([...named].sort()).toEqual(Object.keys(lifecycleMachine.implementations.guards).sort());
  });
});
