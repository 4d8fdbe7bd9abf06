import type { JsonValue } from '../conversation/json.js';
import type { TransitionRecord } from '../trace/transition-trace.js';

/** Lines of `--json` that come from the CLI rather than the trace. */
export type CliJsonLine =
  /** Something the CLI says: `code` names it for scripts (`nothing_to_retry`, `unknown_command`, `session_resumed`, …). */
  | { kind: 'notice'; code: string; message: string }
  /** A person's answer to a call that waited for approval. */
  | { kind: 'decision'; toolCallId: string; name: string; approve: boolean; arguments?: JsonValue };

/**
 * A trace record as one `--json` line. A failure's `status` and `code` are also put at the top
 * level (the record's `stage` already is), so a script can test `.code` without digging into `.error`.
 */
export function recordJson(record: TransitionRecord): string {
  return JSON.stringify(record.kind === 'failed' ? { ...record, status: record.error.status, code: record.error.code } : record);
}
