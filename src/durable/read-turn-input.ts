import { z } from 'zod';
import type { TurnErrorData } from '../conversation/errors.js';
import type { DurableTurnInput } from './durable-turn.js';

/**
 * The shape of a turn's input. Anything may submit a turn (the workflow's input is whatever a client
 * enqueued), so the workflow reads it through this before anything else; what the lifecycle itself
 * checks (an empty message, `maxSteps`, the history) is left to the machine's `connecting` stage.
 */
const turnInput = z.object({
  conversationId: z.string().min(1).max(500),
  turn: z.number().int().min(1),
  message: z.string(),
  options: z.looseObject({
    model: z.string(),
    instructions: z.string().optional(),
    messages: z.array(z.unknown()).optional(),
    parallelToolCalls: z.boolean().optional(),
    maxSteps: z.number().optional(),
    loopLimit: z.number().optional(),
    requestParams: z.record(z.string(), z.unknown()).optional(),
    stream: z.boolean().optional(),
  }),
});

export function readTurnInput(value: unknown): { ok: true; input: DurableTurnInput } | { ok: false; error: TurnErrorData } {
  const parsed = turnInput.safeParse(value);
  if (parsed.success) return { ok: true, input: parsed.data as DurableTurnInput };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ');
  return { ok: false, error: { name: 'InvalidTurnError', message: `The turn's input is malformed: ${issues}.`, reason: 'invalid_options' } };
}
