import { InvalidTurnError } from '../src/errors.js';
import { findConversationProblem } from '../src/conversation/find-unanswered-tool-calls.js';
import type { LifecycleContext } from './lifecycle-types.js';

/**
 * The `connect` stage's checks on what the caller supplied. Each problem is reported before any
 * request is sent, as an `InvalidTurnError` naming what to fix.
 */
export function findTurnProblem(context: LifecycleContext): InvalidTurnError | undefined {
  const message = context.incomingMessage;
  if (typeof message !== 'string' || message.trim() === '') {
    return new InvalidTurnError('The message is empty: send some text.', 'empty_message');
  }
  if (typeof context.model !== 'string' || context.model.trim() === '') {
    return new InvalidTurnError('No model is set: pass `model` (e.g. "gpt-4o-mini").', 'missing_model');
  }
  if (!Number.isInteger(context.maxSteps) || context.maxSteps < 1) {
    return new InvalidTurnError(`maxSteps must be a whole number of at least 1, got ${context.maxSteps}.`, 'invalid_options');
  }
  const problem = findConversationProblem(context.messages);
  if (problem) return new InvalidTurnError(`The conversation history is invalid: ${problem.message}`, 'invalid_history');
  return undefined;
}
