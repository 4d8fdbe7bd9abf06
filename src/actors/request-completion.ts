import OpenAI from 'openai';
import { fromPromise } from 'xstate';
import type { RequestCompletionInput, RequestCompletionOutput } from '../../machines/lifecycle-types.js';
import { findConversationProblem } from '../conversation/find-unanswered-tool-calls.js';
import { ApiRequestError, InvalidTurnError } from '../errors.js';

/**
 * The `decide` and `respond` stages' API request. Retries, backoff and timeouts are the SDK's own
 * (`maxRetries`, `timeout` on the client); this actor only turns what is left into typed errors.
 * Stopping the actor (cancel) aborts the HTTP request through `signal`.
 */
export function createRequestCompletion(client: OpenAI) {
  return fromPromise<RequestCompletionOutput, RequestCompletionInput>(async ({ input, signal }) => {
    const problem = findConversationProblem(input.request.messages);
    if (problem) throw new InvalidTurnError(`Refusing to send an invalid history: ${problem.message}`, 'invalid_history');

    let completion: RequestCompletionOutput;
    try {
      completion = await client.chat.completions.create(input.request, { signal });
    } catch (error) {
      if (error instanceof OpenAI.APIError) {
        throw new ApiRequestError(
          `The model API failed while ${input.stage}: ${error.message}`,
          input.stage,
          error.status,
          error.code,
          {
            cause: error,
          },
        );
      }
      throw new ApiRequestError(
        `The model API request failed while ${input.stage}: ${error instanceof Error ? error.message : String(error)}`,
        input.stage,
        undefined,
        undefined,
        { cause: error },
      );
    }
    if (!completion?.choices?.[0]?.message) {
      throw new ApiRequestError(
        `The model API answered without a message while ${input.stage}.`,
        input.stage,
        undefined,
        'empty_response',
      );
    }
    return completion;
  });
}
