import { InvalidTurnError } from '../conversation/errors.js';
import type { JsonValue } from '../conversation/json.js';
import type { PendingApproval, TurnResult } from '../conversation/turn-result.js';
import type { Decision } from '../session/create-session.js';
import type { ChatOutput } from './chat-output.js';
import type { LineInput, LineRead } from './line-input.js';

export type ApprovalOutcome = { kind: 'decided'; result: TurnResult } | { kind: 'interrupted' } | { kind: 'ended' };

export interface ApprovalIo {
  input: LineInput;
  output: ChatOutput;
  /** A person sees the prompts; in a pipe each question and its answer are printed as one line instead. */
  interactive: boolean;
}

const YES = new Set(['y', 'yes']);
const NO = new Set(['', 'n', 'no']);
const EDIT = new Set(['e', 'edit']);

/**
 * Asks about each call that waits for approval (`approve save_note {…}? [y/N/e]`), then sends the
 * answers together with `decide`. `decide` checks edited arguments against the tool's parameters;
 * an edit that does not fit comes back as a typed error, which is shown, and the edited calls are
 * asked about again.
 */
export async function settleApprovals(
  pending: readonly PendingApproval[],
  io: ApprovalIo,
  decide: (decisions: Record<string, Decision>) => Promise<TurnResult>,
): Promise<ApprovalOutcome> {
  const decisions: Record<string, Decision> = {};
  const shown = new Map<string, JsonValue>(pending.map((call) => [call.id, call.arguments]));
  let asking = pending;
  for (;;) {
    for (const call of asking) {
      const decision = await askAbout(call, shown, io);
      if ('kind' in decision) return decision;
      decisions[call.id] = decision;
      io.output.jsonLine({ kind: 'decision', toolCallId: call.id, name: call.name, ...decision });
    }
    try {
      return { kind: 'decided', result: await decide(decisions) };
    } catch (error) {
      const edited = pending.filter((call) => decisions[call.id]?.approve === true && shown.get(call.id) !== call.arguments);
      if (!(error instanceof InvalidTurnError && error.reason === 'invalid_decision') || edited.length === 0) throw error;
      io.output.notice('invalid_decision', error.message);
      asking = edited;
    }
  }
}

async function askAbout(call: PendingApproval, shown: Map<string, JsonValue>, io: ApprovalIo): Promise<Decision | { kind: 'interrupted' | 'ended' }> {
  for (;;) {
    const args = shown.get(call.id) ?? call.arguments;
    const answer = await ask(io, `  approve  ${call.name} ${JSON.stringify(args)}? [y/N/e] `);
    if (answer.kind !== 'line') return { kind: answer.kind === 'end' ? 'ended' : 'interrupted' };
    const word = answer.text.trim().toLowerCase();
    if (YES.has(word)) return args === call.arguments ? { approve: true } : { approve: true, arguments: args };
    if (NO.has(word)) return { approve: false };
    if (!EDIT.has(word)) {
      io.output.notice('unknown_answer', 'Answer y (run it), n (do not run it) or e (edit its JSON arguments first).');
      continue;
    }
    const edit = await ask(io, '  arguments> ', JSON.stringify(args));
    if (edit.kind !== 'line') return { kind: edit.kind === 'end' ? 'ended' : 'interrupted' };
    const edited = parseJson(edit.text);
    if (edited === undefined) {
      io.output.notice('invalid_json', `That is not JSON, so the arguments stay as they were: ${edit.text.trim() || '(empty)'}`);
      continue;
    }
    shown.set(call.id, edited);
    return { approve: true, arguments: edited };
  }
}

async function ask(io: ApprovalIo, prompt: string, prefill?: string): Promise<LineRead> {
  const read = await io.input.read(prompt, { onCtrlC: 'interrupt', ...(prefill === undefined ? {} : { prefill }) });
  if (!io.interactive) io.output.line(`${prompt}${read.kind === 'line' ? read.text : ''}`.trimEnd());
  return read;
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
