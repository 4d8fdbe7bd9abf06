import type { JsonValue, SessionSnapshot, ToolCallRecord } from 'toolcycle';

/** What the harness is mounted with: the session's options, as plain data the test can send. */
export interface MountOptions {
  baseURL: string;
  stream?: boolean;
  /** Pace streamed events this far apart (ms), so each delta reaches React in its own task. */
  paceMs?: number;
  snapshot?: SessionSnapshot;
  /** Render inside <StrictMode> (default true): the session must survive its double effects. */
  strict?: boolean;
  /** An option createSession refuses, to see the hook throw the same error. */
  toolTimeoutMs?: number;
}

/** One committed render of the probe: the view, as plain data. */
export interface ViewRecord {
  sessionId: string;
  stage: string | null;
  state: string;
  status: string;
  busy: boolean;
  error: { name: string; message: string; status?: number | null } | null;
  messageCount: number;
  lastMessage: JsonValue;
  toolCalls: Pick<ToolCallRecord, 'id' | 'name' | 'status' | 'approval'>[];
  streamingText: string;
  pendingApprovals: JsonValue;
}

export type Outcome = { ok: true; content: string; stopReason: string } | { ok: false; name: string; message: string; reason?: string };

export interface Harness {
  mount(options: MountOptions): void;
  unmount(): void;
  /** Every committed render since the last mount (or `clearRecords`). */
  records(): ViewRecord[];
  clearRecords(): void;
  /** The error the hook threw while rendering, if it did. */
  renderError(): { name: string; message: string } | null;
  /** The session's actor status: active, stopped… */
  actorStatus(): string;
  snapshot(): SessionSnapshot;
  /** Lets the held tool calls with these ids finish. */
  release(...callIds: string[]): void;
  ask(text: string): Promise<Outcome>;
  decide(decisions: Record<string, { approve: true } | { approve: false; reason?: string }>): Promise<Outcome>;
  retry(): Promise<Outcome>;
  resume(): Promise<Outcome>;
  cancel(): void;
}

declare global {
  interface Window {
    harness: Harness;
  }
}
