import type { ApprovalDecision, LifecycleContext } from '../../machines/lifecycle-types.js';
import type { InvalidTurnReason } from '../conversation/errors.js';
import { isRecord, type JsonValue } from '../conversation/json.js';
import type { Toolbox } from '../tool-definition/toolbox.js';
import { pendingApprovals } from './turn-result.js';

export type DecisionCheck =
  | { ok: true; decisions: Record<string, ApprovalDecision> }
  | { ok: false; message: string; reason: Extract<InvalidTurnReason, 'nothing_to_decide' | 'invalid_decision'> };

/**
 * The machine's decisions from what a caller sent: every waiting call decided, nothing else, edited
 * arguments matching the tool's schema (and copied, so a caller's later change cannot reach the
 * history). `session.decide` and the durable worker both use it; the worker gets decisions from any
 * process, so `sent` is checked as unknown data.
 */
export function checkDecisions(context: LifecycleContext, waitingForApproval: boolean, sent: unknown, toolbox: Toolbox): DecisionCheck {
  const invalid = (message: string): DecisionCheck => ({ ok: false, message, reason: 'invalid_decision' });
  const waiting = waitingForApproval ? pendingApprovals(context) : [];
  if (waiting.length === 0) return { ok: false, message: 'Nothing to decide: no call waits for approval.', reason: 'nothing_to_decide' };
  if (!isRecord(sent)) return invalid('Decisions are an object: { [toolCallId]: { approve: true } | { approve: false, reason } }.');
  const settled = new Set(context.turn.settledToolCalls.map((call) => call.id));
  for (const id of Object.keys(sent)) {
    if (waiting.some((call) => call.id === id)) continue;
    return invalid(settled.has(id) ? `Call ${id} was already decided.` : `No call ${id} waits for approval; waiting: ${waiting.map((call) => call.id).join(', ')}.`);
  }
  const decisions: Record<string, ApprovalDecision> = {};
  for (const call of waiting) {
    const decision = Object.hasOwn(sent, call.id) ? sent[call.id] : undefined;
    if (!isRecord(decision) || typeof decision['approve'] !== 'boolean') {
      return invalid(`Missing decision for ${call.name} (${call.id}): pass { approve: true } or { approve: false, reason }.`);
    }
    if (!decision['approve']) {
      const reason = decision['reason'];
      decisions[call.id] = { approve: false, reason: typeof reason === 'string' && reason !== '' ? reason : null };
      continue;
    }
    if (decision['arguments'] === undefined) {
      decisions[call.id] = { approve: true, arguments: null };
      continue;
    }
    const checked = toolbox.get(call.name)?.checkArguments(decision['arguments']);
    if (!checked?.ok) {
      const issues = checked ? checked.issues.map((issue) => `${issue.path || '(arguments)'}: ${issue.message}`).join('; ') : 'the tool is gone';
      return invalid(`The edited arguments for ${call.name} (${call.id}) do not match its parameters: ${issues}.`);
    }
    decisions[call.id] = { approve: true, arguments: JSON.parse(JSON.stringify(decision['arguments'])) as JsonValue };
  }
  return { ok: true, decisions };
}
