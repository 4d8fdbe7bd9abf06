import { useState } from 'react';
import type { Decision, PendingApproval } from 'toolcycle';

/**
 * Approve or reject each call that waits for a person. `decide` answers every waiting call at
 * once, so the decisions are sent when the last one is made.
 */
export function ApprovalPanel({ approvals, onDecide }: { approvals: readonly PendingApproval[]; onDecide: (decisions: Record<string, Decision>) => void }) {
  const [decided, setDecided] = useState<Record<string, Decision>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  if (approvals.length === 0) return null;

  const choose = (id: string, decision: Decision) => {
    const next = { ...decided, [id]: decision };
    if (approvals.every((call) => next[call.id])) {
      setDecided({});
      onDecide(next);
    } else setDecided(next);
  };

  return (
    <section className="approvals" aria-label="Calls waiting for approval">
      <h2>Waiting for your approval</h2>
      {approvals.map((call) => (
        <div key={call.id} className="approval" data-approval={call.id}>
          <code>
            {call.name}({JSON.stringify(call.arguments)})
          </code>
          <span className="effect">{call.effect.replace('_', ' ')}</span>
          <input
            className="reason"
            placeholder="Reason (optional, for a rejection)"
            value={reasons[call.id] ?? ''}
            onChange={(event) => setReasons({ ...reasons, [call.id]: event.currentTarget.value })}
          />
          <div className="buttons">
            <button type="button" className="approve" disabled={call.id in decided} onClick={() => choose(call.id, { approve: true })}>
              Approve
            </button>
            <button
              type="button"
              className="reject"
              disabled={call.id in decided}
              onClick={() => choose(call.id, { approve: false, reason: reasons[call.id]?.trim() || undefined })}
            >
              Reject
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
