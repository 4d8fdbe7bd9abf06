import { describe, expect, it } from 'vitest';
import {
  callsAwaitApproval,
  canRetry,
  canRunInParallel,
  decidesEveryWaitingCall,
  hasOneRunnableCall,
  mayStartAnotherRound,
  reachesStepLimit,
  repliedWithToolCalls,
  roundIsAnswered,
  settlesLastOpenCall,
  settlesOneOfSeveral,
} from '../../machines/guards.js';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { awaiting, contextWith, failed, pending, replied, running, settled } from '../support/lifecycle-fixtures.js';

describe('guards', () => {
  it('repliedWithToolCalls: only a reply with at least one tool call', () => {
    expect(repliedWithToolCalls(replied(2))).toBe(true);
    expect(repliedWithToolCalls(replied(0))).toBe(false);
    expect(repliedWithToolCalls({ type: 'cancel' })).toBe(false);
  });

  it('mayStartAnotherRound: tool calls while steps < maxSteps and no answer is forced', () => {
    expect(mayStartAnotherRound(contextWith({ steps: 7, maxSteps: 8 }), replied(1))).toBe(true);
    expect(mayStartAnotherRound(contextWith({ steps: 8, maxSteps: 8 }), replied(1))).toBe(false);
    expect(mayStartAnotherRound(contextWith({ steps: 1, forcedAnswer: 'loop_detected' }), replied(1))).toBe(false);
    expect(mayStartAnotherRound(contextWith({ steps: 0 }), replied(0))).toBe(false);
  });

  it('reachesStepLimit: tool calls not yet refused; once the answer is forced, the next ask is refused and ends the turn', () => {
    expect(reachesStepLimit(contextWith({ steps: 8, maxSteps: 8 }), replied(1))).toBe(true);
    expect(reachesStepLimit(contextWith({ steps: 8, maxSteps: 8, forcedAnswer: 'max_steps' }), replied(1))).toBe(false);
  });

  it('the planning guards pick respond / approve / single / parallel / sequential from the recorded calls', () => {
    const plan = (context: Parameters<typeof roundIsAnswered>[0]) =>
      [roundIsAnswered, callsAwaitApproval, hasOneRunnableCall, canRunInParallel].map((guard) => guard(context));
    expect(plan(contextWith({ toolCalls: [failed('a'), failed('b')] }))).toEqual([true, false, false, false]);
    expect(plan(contextWith({ toolCalls: [failed('a'), awaiting('b')] }))).toEqual([false, true, false, false]);
    expect(plan(contextWith({ toolCalls: [pending('a'), awaiting('b')] }))).toEqual([false, false, true, false]);
    expect(plan(contextWith({ toolCalls: [pending('a'), pending('b')], parallelToolCalls: true }))).toEqual([false, false, false, true]);
    // Neither: sequential.
    expect(plan(contextWith({ toolCalls: [pending('a'), pending('b')], parallelToolCalls: false }))).toEqual([false, false, false, false]);
    // Calls with side effects run in order, even with parallel on.
    expect(plan(contextWith({ toolCalls: [pending('a', 'write_once'), pending('b', 'idempotent')] }))).toEqual([false, false, false, false]);
    expect(plan(contextWith({ toolCalls: [pending('a', 'read_only'), pending('b', 'read_only'), pending('c', 'write_once')] }))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('settlesOneOfSeveral / settlesLastOpenCall: only for open ids, by how many remain', () => {
    const two = contextWith({ toolCalls: [pending('a'), running('b')] });
    const one = contextWith({ toolCalls: [failed('a'), running('b')] });
    expect(settlesOneOfSeveral(two, settled('a'))).toBe(true);
    expect(settlesLastOpenCall(two, settled('a'))).toBe(false);
    expect(settlesOneOfSeveral(one, settled('b'))).toBe(false);
    expect(settlesLastOpenCall(one, settled('b'))).toBe(true);
    // An already-settled or unknown id settles nothing.
    expect(settlesLastOpenCall(one, settled('a'))).toBe(false);
    expect(settlesOneOfSeveral(two, settled('zzz'))).toBe(false);
    expect(settlesLastOpenCall(one, { type: 'cancel' })).toBe(false);
  });

  it('decidesEveryWaitingCall: exactly the waiting ids, no more, no fewer', () => {
    const context = contextWith({ toolCalls: [awaiting('a'), awaiting('b'), pending('c')] });
    const yes = { approve: true as const, arguments: null };
    expect(decidesEveryWaitingCall(context, { type: 'approval.decided', decisions: { a: yes, b: yes } })).toBe(true);
    expect(decidesEveryWaitingCall(context, { type: 'approval.decided', decisions: { a: yes } })).toBe(false);
    expect(decidesEveryWaitingCall(context, { type: 'approval.decided', decisions: { a: yes, b: yes, c: yes } })).toBe(false);
    expect(decidesEveryWaitingCall(contextWith({ toolCalls: [] }), { type: 'approval.decided', decisions: {} })).toBe(false);
  });

  it('canRetry: only an API failure, and only into the stage that failed', () => {
    const api = { name: 'ApiRequestError' as const, message: 'x', stage: 'respond' as const, status: 500, code: null, type: null, param: null, requestId: null };
    expect(canRetry(contextWith({ lastError: api }), 'respond')).toBe(true);
    expect(canRetry(contextWith({ lastError: api }), 'decide')).toBe(false);
    expect(canRetry(contextWith({ lastError: { name: 'InvalidTurnError', message: 'x', reason: 'empty_message' } }), 'decide')).toBe(false);
  });

  it('every guard named in the machine is implemented in setup()', () => {
    const named = new Set<string>();
    const visit = (node: typeof lifecycleMachine.root) => {
      for (const definitions of node.transitions.values())
        for (const definition of definitions) if (definition.guard) named.add(String((definition.guard as { type?: string }).type ?? definition.guard));
      for (const definition of node.always ?? []) if (definition.guard) named.add(String((definition.guard as { type?: string }).type ?? definition.guard));
      Object.values(node.states).forEach(visit);
    };
    visit(lifecycleMachine.root);
    expect([...named].sort()).toEqual(Object.keys(lifecycleMachine.implementations.guards).sort());
  });
});
