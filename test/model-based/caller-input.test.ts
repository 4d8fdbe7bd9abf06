import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createLifecycleMachine } from '../../src/index.js';
import { scriptedModel } from '../support/scripted-model.js';
import { jsonProblem } from './invariants.js';

// Found by the model-based suite's rule "the context survives a JSON round trip unchanged": the
// history and request parameters a caller passes are kept as given (the array is copied, its
// objects are not), so an `undefined` field, as TypeScript object literals with optional fields
// produce, stays in the context, and a caller who changes a message object afterwards changes the
// history the machine checked once, at creation, and sends.
describe('the history and parameters a caller passes', () => {
  it('become plain data in the context', async () => {
    const { client } = await scriptedModel([]);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Earlier question.', name: undefined },
      { role: 'assistant', content: 'Earlier answer.' },
    ];
    const machine = createLifecycleMachine({ client, model: 'm', messages, requestParams: { temperature: undefined } });
    const actor = createActor(machine).start();

    expect(jsonProblem(actor.getSnapshot().context)).toBeUndefined();
    actor.stop();
  });

  it('are not changed by the caller changing its own objects later', async () => {
    const { client } = await scriptedModel([]);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Earlier question.' },
      { role: 'assistant', content: 'Earlier answer.' },
    ];
    const actor = createActor(createLifecycleMachine({ client, model: 'm', messages })).start();

    messages[1]!.content = null;

    expect(actor.getSnapshot().context.messages[1]).toEqual({ role: 'assistant', content: 'Earlier answer.' });
    actor.stop();
  });
});
