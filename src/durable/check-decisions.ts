import type { ApprovalDecision, LifecycleContext } from '../../machines/lifecycle-types.js';
import type { TurnErrorData } from '../conversation/errors.js';
import { isRecord, type JsonValue } from '../conversation/json.js';
import { pendingApprovals } from '../session/turn-result.js';
import type { Toolbox } from '../tool-definition/toolbox.js';

/**
 * The machine's decisions for a turn that waits for approval, from what some client sent: every
 * waiting call decided, nothing else, edited arguments matching the tool's schema. The worker checks
 * this itself (the same rules as `session.decide`), because a decision can come from any process,
 * including one that has none of the tools.
 */
export function checkDecisions(
  context: LifecycleContext,
  sent: unknown,
  toolbox: Toolbox,
): { ok: true; decisions: Record<string, ApprovalDecision> } | { ok: false; error: TurnErrorData } {
  const invalid = (message: string) => ({ ok: false as const, error: { name: 'InvalidTurnError' as const, message, reason: 'invalid_decision' as const } });
  const waiting = pendingApprovals(context);
  if (!isRecord(sent)) return invalid('Decisions are an object: { [toolCallId]: { approve: true } | { approve: false, reason } }.');
  const unknown = Object.keys(sent).filter((id) => !waiting.some((call) => call.id === id));
  if (unknown.length > 0) return invalid(`No call ${unknown.join(', ')} waits for approval; waiting: ${waiting.map((call) => call.id).join(', ') || '(none)'}.`);
  const decisions: Record<string, ApprovalDecision> = {};
  for (const call of waiting) {
    const decision = sent[call.id];
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
    decisions[call.id] = { approve: true, arguments: decision['arguments'] as JsonValue };
  }
  return { ok: true, decisions };
}
