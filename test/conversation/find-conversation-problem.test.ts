import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';

const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'f', arguments: '{}' } });
const asks = (...ids: string[]): ChatCompletionMessageParam => ({ role: 'assistant', content: null, tool_calls: ids.map(call) });
const answers = (id: string): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: id, content: 'ok' });
const user: ChatCompletionMessageParam = { role: 'user', content: 'q' };

describe('the tool-call answer invariant', () => {
  it('accepts a history where every call is answered right after it was asked', () => {
    expect(findConversationProblem([user, asks('a', 'b'), answers('b'), answers('a'), { role: 'assistant', content: 'done' }])).toBeUndefined();
  });
  it('rejects the classic bug: only tool_calls[0] answered', () => {
    expect(findConversationProblem([user, asks('a', 'b'), answers('a')])?.message).toMatch(/without a tool message: b/);
  });
  it('rejects an answer that arrives after another message', () => {
    expect(findConversationProblem([user, asks('a'), user, answers('a')])).toMatchObject({ index: 1 });
  });
  it('rejects an answer to nothing, and a call answered twice', () => {
    expect(findConversationProblem([user, answers('x')])).toMatchObject({ index: 1 });
    expect(findConversationProblem([user, asks('a'), answers('a'), answers('a')])).toMatchObject({ index: 3 });
  });
  it('rejects repeated ids in one assistant message', () => {
    expect(findConversationProblem([user, asks('a', 'a'), answers('a')])?.message).toMatch(/repeats/);
  });
});
