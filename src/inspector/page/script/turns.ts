import type { TransitionEntry } from '../../timeline-types.js';
import { arrayField, numberField, objectField, stringField } from './json-reading.js';
import type { MachineModel } from './machine-model.js';

export interface TurnSummary {
  number: number;
  /** From the step that left the rest state to the one that came back. */
  wallMs: number;
  /** Tool rounds: completions that asked for tools, as `maxSteps` counts them. */
  steps: number;
  tokens: number | undefined;
  /** The answer's stop reason, or the rest state the turn ended in when it did not answer (`failed`). */
  stopReason: string;
}

interface OpenTurn {
  number: number;
  startedAt: number;
  steps: number;
  tokensBefore: number | undefined;
}

/**
 * Finds turns in the timeline: a turn starts with the step that takes the machine out of a rest
 * state (one without a stage) and ends with the step that brings it back to one.
 */
export function createTurnTracker(model: MachineModel) {
  const resting = (state: string) => model.stageOf(state) === undefined;
  let count = 0;
  let open: OpenTurn | undefined;
  let sessionTokens: number | undefined;

  const finish = (turn: OpenTurn, entry: TransitionEntry): TurnSummary => {
    const answer = entry.records.find((record) => stringField(record, 'stopReason') !== undefined);
    const failure = entry.records.map((record) => objectField(record, 'error')).find((error) => error !== undefined);
    const answered = numberField(objectField(answer, 'usage'), 'totalTokens');
    const ended = model.topOf(entry.state);
    const cause = stringField(failure, 'name');
    return {
      number: turn.number,
      wallMs: entry.time - turn.startedAt,
      steps: turn.steps,
      tokens: answered ?? (sessionTokens !== undefined && turn.tokensBefore !== undefined ? sessionTokens - turn.tokensBefore : undefined),
      stopReason: stringField(answer, 'stopReason') ?? (cause ? `${ended}: ${cause}` : ended),
    };
  };

  return {
    /** Feeds one step; says whether it started a turn (its number) and whether it ended one. */
    observe(entry: TransitionEntry): { started: number | undefined; ended: TurnSummary | undefined } {
      const tokensBefore = sessionTokens;
      const total = numberField(entry.usage, 'totalTokens');
      if (total !== undefined) sessionTokens = total;
      let started: number | undefined;
      if (!open && resting(entry.from) && entry.microsteps.some((step) => !resting(step.state))) {
        count += 1;
        started = count;
        open = { number: count, startedAt: entry.time, steps: 0, tokensBefore };
      }
      if (!open) return { started, ended: undefined };
      open.steps += entry.records.filter((record) => arrayField(record, 'toolCalls').length > 0).length;
      if (!resting(entry.state)) return { started, ended: undefined };
      const ended = finish(open, entry);
      open = undefined;
      return { started, ended };
    },
  };
}
