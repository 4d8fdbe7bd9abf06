import type { TransitionRecord } from './transition-trace.js';

const MAX_SHOWN = 160;

/** The readable trace: one line per lifecycle stage, the answer itself printed by the chat loop. */
export function renderTransition(record: TransitionRecord): string | undefined {
  switch (record.stage) {
    case 'connect':
      return `  connect  ${record.model} · ${record.tools.length} tool${record.tools.length === 1 ? '' : 's'} · ${record.parallelToolCalls ? 'parallel' : 'sequential'} calls`;
    case 'decide':
    case 'respond': {
      const lines = record.toolCalls.map((call, index) => {
        const failure = record.checkErrors.find((check) => check.toolCallId === call.id);
        const label = index === 0 ? record.stage.padEnd(8) : ' '.repeat(8);
        return `  ${label} → ${call.name} ${clip(call.arguments)}${failure ? `  ✗ ${failure.error.kind}: ${failure.error.message}` : ''}`;
      });
      const mode = record.state.startsWith('executing.') ? record.state.slice('executing.'.length) : 'none to run';
      return [...lines, `  call     ${record.toolCalls.length} call${record.toolCalls.length === 1 ? '' : 's'} → ${mode}`].join('\n');
    }
    case 'execute':
      return record.error
        ? `  execute  ${record.name} ✗ ${record.error.kind}: ${clip(record.error.message)} (${formatMs(record.durationMs)})`
        : `  execute  ${record.name} → ${clip(typeof record.result === 'string' ? record.result : JSON.stringify(record.result))} (${formatMs(record.durationMs)})`;
    case 'answer':
      return `  ${record.from.padEnd(8)} answer · ${record.usage.totalTokens} tokens${record.stopReason === 'stop' ? '' : ` · stopped: ${record.stopReason}`}`;
    case 'failed':
      return `  failed   ${record.error.message}${record.error.name === 'ApiRequestError' ? ' (/retry resends it)' : ''}`;
    case 'cancelled':
      return '  cancelled';
    case 'other':
      return undefined;
  }
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 1)}…` : oneLine;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
