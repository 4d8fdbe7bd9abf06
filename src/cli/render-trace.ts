import type { TransitionRecord } from '../trace/transition-trace.js';
import { clipToWidth, displayWidth } from './display-width.js';

const MAX_SHOWN = 160;
/** However narrow the terminal, a result keeps this many columns. */
const MIN_RESULT_WIDTH = 16;

export interface TraceStyle {
  /** Columns an `execute` line may take: its result is shortened to fit (`--json` has it whole). */
  width: number;
  /** Suggest commands ("/retry resends it"): only to a person at a prompt. */
  hints: boolean;
}

/**
 * The readable trace: one line per lifecycle stage. The answer text and the approval question are
 * printed by the chat loop, so `approval` records have no line of their own here.
 */
export function renderTransition(record: TransitionRecord, style: TraceStyle): string | undefined {
  switch (record.kind) {
    case 'connect':
      return `  connect  ${record.model} · ${record.tools.length} tool${record.tools.length === 1 ? '' : 's'} · ${record.parallelToolCalls ? 'parallel' : 'sequential'} calls`;
    case 'request':
      return record.toolCalls
        .map((call, index) => `  ${(index === 0 ? (record.stage ?? '') : '').padEnd(8)} → ${call.name} ${clip(call.arguments)}`)
        .join('\n');
    case 'retry':
      return `  ${(record.stage ?? '').padEnd(8)} retrying (${record.attempt}/${record.maxAttempts})${record.status === null ? ' after a connection error or timeout' : ` after HTTP ${record.status}`}…`;
    case 'call': {
      const failures = record.checkErrors.map((check) => `\n           ✗ ${check.name} ${check.error.kind}: ${clip(check.error.message)}`).join('');
      const plan = record.plan === 'none' ? 'none to run' : record.plan === 'approval' ? 'waiting for approval' : record.plan;
      return `  call     ${record.calls} call${record.calls === 1 ? '' : 's'} → ${plan}${failures}`;
    }
    case 'execute': {
      const took = ` (${formatMs(record.durationMs)})`;
      const tool = toolLabel(record.name, record.origin);
      if (record.error) return `  execute  ${tool} ✗ ${record.error.kind}: ${clip(record.error.message)}${took}`;
      const lead = `  execute  ${tool} → `;
      const result = oneLine(typeof record.result === 'string' ? record.result : JSON.stringify(record.result));
      const room = Math.max(MIN_RESULT_WIDTH, style.width - displayWidth(lead) - displayWidth(took));
      return `${lead}${clipToWidth(result, room)}${took}`;
    }
    case 'approval':
      return undefined;
    case 'answer':
      return `  ${record.from.padEnd(8)} answer · ${record.usage.totalTokens} tokens${record.stopReason === 'stop' ? '' : ` · stopped: ${record.stopReason}`}`;
    case 'failed':
      return `  failed   ${record.error.message}${style.hints && record.error.name === 'ApiRequestError' ? ' (/retry resends it)' : ''}`;
    case 'cancelled':
      return '  cancelled';
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function clip(text: string): string {
  return clipToWidth(oneLine(text), MAX_SHOWN);
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** `notes_add @notes`: a tool that runs elsewhere (an MCP server) says where. */
export function toolLabel(name: string, origin: string | undefined): string {
  return origin === undefined ? name : `${name} @${origin.replace(/^mcp:/, '')}`;
}
