import type { JsonValue } from './json-safe.js';

/** What the inspector page and the JSON endpoints exchange. Everything here is plain JSON. */

export type SessionStatus = 'active' | 'done' | 'error' | 'stopped';

export interface SessionInfo {
  /** `s1`, `s2`…: XState numbers actors per system, so every session's root would be `x:0`. */
  id: string;
  label: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Current state as dotted paths, e.g. `executing.parallel`. */
  state: string;
  status: SessionStatus;
  model: string | undefined;
  /** Sequence number of the last entry; entries are numbered from 1 per session. */
  lastSeq: number;
}

interface EntryBase {
  seq: number;
  /** Epoch milliseconds. */
  time: number;
}

/** One macrostep of the root actor: the event it received and every state it passed through. */
export interface TransitionEntry extends EntryBase {
  kind: 'transition';
  eventType: string;
  /** The event with its payload (tool outcome, completion, error), made JSON-safe and bounded. */
  event: JsonValue;
  /** The child actor that sent the event (`requestCompletion`, `tool:call_…`). */
  source: string | undefined;
  /** How long that child actor ran before it sent this event. */
  durationMs: number | undefined;
  from: string;
  /**
   * Each microstep in order: the state after it and the diagram edge ids it took. Eventless steps
   * show up here (`connecting`, `calling`), though the actor never rests in them.
   */
  microsteps: { state: string; edges: string[] }[];
  state: string;
  status: SessionStatus;
  /** The CLI's trace records for this step (stage, tool calls, results, errors, usage). */
  records: JsonValue[];
  /** Session token usage after this step, when it changed. */
  usage: JsonValue | undefined;
  /** The conversation changed: drop everything from index `from`, then append `items`. */
  messages: { from: number; items: JsonValue[] } | undefined;
  /**
   * Every HTTP request the child actor behind this step made to the model API, retries included,
   * oldest first. Optional: the page shows it when a recorder provides it.
   */
  requests?: ApiRequestAttempt[];
}

/** One HTTP request to the model API. */
export interface ApiRequestAttempt {
  /** `meta.stage` of the state that made the request (`decide`, `respond`). */
  stage: string;
  /** 1 for the first try; each retry of the same request counts up. */
  attempt: number;
  /** The response's HTTP status; absent when none arrived (connection error, timeout, abort). */
  status?: number;
  /** Why the attempt failed, when it did: the API's error message or the connection error. */
  error?: string;
  /** The request body as sent (model, messages, tools, `tool_choice`, `parallel_tool_calls`…), JSON-safe and bounded. */
  body?: JsonValue;
}

/** A child actor started: a request to the model or one tool call. */
export interface ActorEntry extends EntryBase {
  kind: 'actor';
  actorId: string;
  /** The root's state when the actor started. */
  state: string;
}

export type TimelineEntry = TransitionEntry | ActorEntry;

export interface SessionHistory {
  session: SessionInfo;
  /** The retained entries (the oldest are dropped past the limit). */
  entries: TimelineEntry[];
  /** How many older entries were dropped. */
  dropped: number;
  /** The whole conversation as of the last entry, whatever was dropped. */
  messages: JsonValue[];
}
