import type { ToolCallRecord } from 'toolcycle';
import type { CallTimes } from './use-call-times.js';

const STATUS_LABELS: Record<ToolCallRecord['status'], string> = {
  pending: 'pending',
  running: 'running',
  awaiting_approval: 'awaiting approval',
  succeeded: 'succeeded',
  failed: 'failed',
};

function compact(value: unknown, limit = 90): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * Where each call's bar sits on the turn's clock, from when the page saw it start to its duration:
 * calls that ran side by side overlap. A call the page did not see start (restored) starts at 0.
 */
function bars(calls: readonly ToolCallRecord[], times: CallTimes) {
  const starts = calls.flatMap((call) => (times[call.id]?.startedAt === undefined ? [] : [times[call.id]!.startedAt!]));
  const origin = starts.length > 0 ? Math.min(...starts) : 0;
  const spans = calls.map((call) => {
    const start = times[call.id]?.startedAt === undefined ? 0 : times[call.id]!.startedAt! - origin;
    return { start, end: start + ('durationMs' in call ? call.durationMs : 0) };
  });
  // At least 100 ms across, so a call of a fraction of a millisecond shows as the sliver it is.
  const length = Math.max(100, ...spans.map((span) => span.end));
  const percent = (value: number) => `${((value / length) * 100).toFixed(1)}%`;
  return spans.map((span) => ({ left: percent(span.start), width: percent(Math.max(span.end - span.start, length / 200)) }));
}

/** How long the tool ran; a call answered without running (rejected, cancelled, refused) has none to show. */
function duration(call: ToolCallRecord): string {
  if (call.status === 'running') return '…';
  if (call.status === 'succeeded' || (call.status === 'failed' && call.durationMs > 0)) return `${Math.round(call.durationMs)} ms`;
  return call.status === 'failed' ? '—' : '';
}

/** The turn's tool calls with their status and timing. */
export function ToolCallList({ calls, times, parallel }: { calls: readonly ToolCallRecord[]; times: CallTimes; parallel: boolean }) {
  if (calls.length === 0) return <p className="hint">No tool calls in this turn.</p>;
  const placed = bars(calls, times);
  return (
    <ul className="calls">
      {calls.map((call, index) => (
        <li key={call.id} className={`call call-${call.status}`} data-call-id={call.id} data-name={call.name} data-status={call.status}>
          <div className="call-head">
            <code className="call-name">
              {call.name}({compact(call.arguments ?? call.rawArguments, 60)})
            </code>
            <span className={`pill pill-${call.status}`}>{STATUS_LABELS[call.status]}</span>
            <span className="call-duration" data-duration="">
              {duration(call)}
            </span>
          </div>
          <div className="track">
            <div className={`bar bar-${call.status}`} style={placed[index]} />
          </div>
          {call.status === 'succeeded' && <div className="call-result">{compact(call.result)}</div>}
          {call.status === 'failed' && (
            <div className="call-error">
              {call.error.kind}: {compact(call.error.message, 140)}
            </div>
          )}
        </li>
      ))}
      {parallel && <li className="hint">These calls run side by side (executing.parallel).</li>}
    </ul>
  );
}
