import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { historyProblem } from './invariants.js';

// Found by the model-based suite: an empty generation used to be recorded as `content: null`,
// which the API rejects in the next request.
describe('an answer with neither content nor tool calls', () => {
  it('is kept as an empty answer, so the history stays one the API accepts', async () => {
    const { client, bodies } = await scriptedModel([{ content: null }, { content: 'second answer' }]);
    const session = createSession({ client, model: 'm' });

    expect((await session.ask('first')).content).toBe('');

    expect(historyProblem(session.messages)).toBeUndefined();
    expect((await session.ask('second')).content).toBe('second answer');
    expect(bodies()[1]!.messages[1]).toEqual({ role: 'assistant', content: '' });
  });
});
