import type { TransitionRecord } from '../trace/transition-trace.js';

const MAX_SHOWN = 160;

/** The readable trace: one line per lifecycle stage, the answer itself printed by the chat loop. */
export function renderTransition(record: TransitionRecord): string | undefined {
  switch (record.kind) {
    case 'connect':
      return `  connect  ${record.model} · ${record.tools.length} tool${record.tools.length === 1 ? '' : 's'} · ${record.parallelToolCalls ? 'parallel' : 'sequential'} calls`;
    case 'request':
      return record.toolCalls
        .map((call, index) => `  ${(index === 0 ? (record.stage ?? '') : '').padEnd(8)} → ${call.name} ${clip(call.arguments)}`)
        .join('\n');
    case 'retry':
      return `  ${(record.stage ?? '').padEnd(8)} retrying (${record.attempt}/${record.maxAttempts})${record.status === null ? ' after a connection error' : ` after HTTP ${record.status}`}…`;
    case 'call': {
      const failures = record.checkErrors.map((check) => `\n           ✗ ${check.name} ${check.error.kind}: ${clip(check.error.message)}`).join('');
      const plan = record.plan === 'none' ? 'none to run' : record.plan === 'approval' ? 'waiting for approval' : record.plan;
      return `  call     ${record.calls} call${record.calls === 1 ? '' : 's'} → ${plan}${failures}`;
    }
    case 'execute':
      return record.error
        ? `  execute  ${record.name} ✗ ${record.error.kind}: ${clip(record.error.message)} (${formatMs(record.durationMs)})`
        : `  execute  ${record.name} → ${clip(typeof record.result === 'string' ? record.result : JSON.stringify(record.result))} (${formatMs(record.durationMs)})`;
    case 'approval':
      return record.calls.map((call) => `  approve? ${call.name} ${clip(JSON.stringify(call.arguments))}`).join('\n');
    case 'answer':
      return `  ${record.from.padEnd(8)} answer · ${record.usage.totalTokens} tokens${record.stopReason === 'stop' ? '' : ` · stopped: ${record.stopReason}`}`;
    case 'failed':
      return `  failed   ${record.error.message}${record.error.name === 'ApiRequestError' ? ' (/retry resends it)' : ''}`;
    case 'cancelled':
      return '  cancelled';
  }
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 1)}…` : oneLine;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
