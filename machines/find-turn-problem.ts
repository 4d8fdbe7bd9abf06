import { InvalidTurnError } from '../src/errors.js';
import { findConversationProblem } from '../src/conversation/find-unanswered-tool-calls.js';
import { LIFECYCLE_OWNED_PARAMS, type LifecycleContext } from './lifecycle-types.js';

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
  // The type already excludes these; plain JavaScript callers get the same answer at run time.
  const owned = LIFECYCLE_OWNED_PARAMS.filter((key) => Object.hasOwn(context.requestParams, key));
  if (owned.length > 0) {
    return new InvalidTurnError(`requestParams cannot set ${owned.join(', ')}: the lifecycle sets them itself.`, 'invalid_options');
  }
  const problem = findConversationProblem(context.messages);
  if (problem) return new InvalidTurnError(`The conversation history is invalid: ${problem.message}`, 'invalid_history');
  return undefined;
}
