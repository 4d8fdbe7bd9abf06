import type { JsonValue } from '../../json-safe.js';
import type { ApiRequestAttempt, SessionHistory, SessionInfo, TimelineEntry } from '../../timeline-types.js';

/**
 * Checks what arrives from the server before the page relies on its shape: a malformed message is
 * dropped, it does not break the page.
 */

type Loose = { [key: string]: unknown };

const isLoose = (value: unknown): value is Loose => value !== null && typeof value === 'object' && !Array.isArray(value);

function isSession(value: unknown): value is SessionInfo {
  return isLoose(value) && typeof value.id === 'string' && typeof value.state === 'string' && typeof value.startedAt === 'number';
}

function isAttempt(value: unknown): value is ApiRequestAttempt {
  return (
    isLoose(value) &&
    typeof value.stage === 'string' &&
    typeof value.attempt === 'number' &&
    (value.status === undefined || typeof value.status === 'number') &&
    (value.error === undefined || typeof value.error === 'string')
  );
}

export function asSessions(value: unknown): SessionInfo[] {
  return Array.isArray(value) ? value.filter(isSession) : [];
}

/** `JSON.parse` that returns `undefined` for what is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function asEntry(value: unknown): TimelineEntry | undefined {
  if (!isLoose(value) || typeof value.seq !== 'number' || typeof value.time !== 'number') return undefined;
  if (value.kind === 'actor') return typeof value.actorId === 'string' ? (value as unknown as TimelineEntry) : undefined;
  const wellFormed =
    value.kind === 'transition' &&
    typeof value.eventType === 'string' &&
    typeof value.from === 'string' &&
    typeof value.state === 'string' &&
    Array.isArray(value.records) &&
    Array.isArray(value.microsteps) &&
    value.microsteps.every(
      (step) => isLoose(step) && typeof step.state === 'string' && Array.isArray(step.edges) && step.edges.every((edge) => typeof edge === 'string'),
    ) &&
    (value.messages === undefined || (isLoose(value.messages) && typeof value.messages.from === 'number' && Array.isArray(value.messages.items)));
  if (!wellFormed) return undefined;
  // An optional extra that is malformed is left out; the step itself is still shown.
  const requests = Array.isArray(value.requests) ? value.requests.filter(isAttempt) : [];
  return { ...value, requests: requests.length > 0 ? requests : undefined } as unknown as TimelineEntry;
}

export function asHistory(value: unknown): SessionHistory | undefined {
  if (!isLoose(value) || !isSession(value.session) || !Array.isArray(value.entries)) return undefined;
  return {
    session: value.session,
    entries: value.entries.flatMap((entry) => asEntry(entry) ?? []),
    dropped: typeof value.dropped === 'number' ? value.dropped : 0,
    messages: Array.isArray(value.messages) ? (value.messages as JsonValue[]) : [],
  };
}
