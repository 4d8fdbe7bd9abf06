import { describe, expect, it } from 'vitest';
import { WIRE_MODES, wireModel } from '../support/wire-modes.js';
import { historyProblem } from './invariants.js';

// Found by the model-based suite: an empty generation used to be recorded as `content: null`,
// which the API rejects in the next request.
describe.each(WIRE_MODES)('an answer with neither content nor tool calls ($name)', (mode) => {
  it('is kept as an empty answer, so the history stays one the API accepts', async () => {
    const { newSession, bodies } = await wireModel(mode, [{ content: null }, { content: 'second answer' }]);
    const session = newSession({ model: 'm' });

    expect((await session.ask('first')).content).toBe('');

    expect(historyProblem(session.messages)).toBeUndefined();
    expect((await session.ask('second')).content).toBe('second answer');
    expect(session.messages[1]).toEqual({ role: 'assistant', content: '' });
    // Both requests were accepted by the strict server (`bodies()` throws on a rejected one).
    expect(bodies()).toHaveLength(2);
  });
});
