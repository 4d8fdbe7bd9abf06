import type { JsonValue } from '../../json-safe.js';
import type { SessionInfo, TimelineEntry, TransitionEntry } from '../../timeline-types.js';
import { renderMessages, type MessagesParts } from './messages.js';
import type { Playback } from './playback.js';
import type { ReplayIndicator } from './replay-indicator.js';
import { renderSessionPicker } from './session-picker.js';
import type { Timeline } from './timeline.js';
import { asEntry, asHistory, asSessions, parseJson } from './wire-data.js';

export interface FeedParts {
  picker: HTMLSelectElement;
  badge: HTMLElement;
  connection: HTMLElement;
  timeline: Timeline;
  messages: MessagesParts;
  playback: Playback;
  replay: ReplayIndicator;
}

const GONE = 'That session is no longer kept by the inspector.';

/**
 * Keeps the page in step with one session: its retained history at once, then every new entry
 * from the live stream. Follows the newest session until someone picks one by hand.
 */
export function startSessionFeed(parts: FeedParts): void {
  let sessionId: string | undefined;
  let followLatest = true;
  let session: SessionInfo | undefined;
  let sessions: SessionInfo[] = [];
  let lastSeq = 0;
  let messages: JsonValue[] = [];
  let source: EventSource | undefined;
  // Bumped on every switch: a history that arrives for a session no longer shown is ignored.
  let generation = 0;

  const showMessages = () => renderMessages(parts.messages, messages);
  const showPicker = () => renderSessionPicker(parts.picker, parts.badge, sessions, sessionId);
  const showConnection = (status: string, text: string) => {
    parts.connection.dataset.status = status;
    parts.connection.textContent = text;
  };

  const onSessions = (update: SessionInfo[]) => {
    sessions = update;
    session = sessions.find((candidate) => candidate.id === sessionId) ?? session;
    showPicker();
    const newest = sessions.at(-1);
    if (newest && (sessionId === undefined || (followLatest && newest.id !== sessionId))) void selectSession(newest.id);
  };

  const applyEntry = (entry: TimelineEntry, live: boolean) => {
    if (entry.seq <= lastSeq) return;
    lastSeq = entry.seq;
    parts.timeline.append(entry, session?.startedAt ?? entry.time);
    // A replay takes the conversation from the history as a whole; only live steps apply deltas.
    if (entry.kind !== 'transition' || !live) return;
    if (entry.messages) {
      messages = [...messages.slice(0, entry.messages.from), ...entry.messages.items];
      showMessages();
    }
    parts.playback.enqueue(entry.microsteps.map((step) => ({ state: step.state, edges: step.edges, seq: entry.seq })));
  };

  const openStream = (id: string | undefined) => {
    source?.close();
    const query = id === undefined ? '' : `?session=${encodeURIComponent(id)}&after=${lastSeq}`;
    const stream = new EventSource(`/api/stream${query}`);
    source = stream;
    showConnection('connecting', 'connecting…');
    stream.onopen = () => showConnection('live', 'live');
    stream.onerror = () => showConnection('reconnecting', stream.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…');
    stream.addEventListener('sessions', (event) => onSessions(asSessions(parseJson(event.data))));
    stream.addEventListener('entry', (event) => {
      const entry = asEntry(parseJson(event.data));
      if (entry) applyEntry(entry, true);
    });
    stream.addEventListener('reset', () => sessionId !== undefined && void selectSession(sessionId));
    stream.addEventListener('missing', () => parts.timeline.showNote(GONE));
  };

  const fetchHistory = async (id: string) => {
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(id)}/history`);
      return response.ok ? asHistory(await response.json()) : undefined;
    } catch {
      return undefined;
    }
  };

  async function selectSession(id: string): Promise<void> {
    generation += 1;
    const mine = generation;
    sessionId = id;
    lastSeq = 0;
    messages = [];
    source?.close();
    source = undefined;
    parts.replay.start();
    parts.playback.jump(undefined);
    parts.timeline.clear();
    parts.timeline.showNote('Replaying the history of this session…');
    showMessages();
    showPicker();
    const history = await fetchHistory(id);
    if (mine !== generation) return;
    if (!history) {
      parts.replay.stop();
      parts.timeline.showNote(GONE);
      return openStream(undefined);
    }
    session = history.session;
    for (const entry of history.entries) applyEntry(entry, false);
    lastSeq = history.session.lastSeq;
    messages = history.messages;
    showMessages();
    if (history.dropped > 0) parts.timeline.noteDropped(history.dropped);
    // The replay is not animated: the picture goes straight to where the session is now.
    const last = history.entries.filter((entry): entry is TransitionEntry => entry.kind === 'transition').at(-1);
    parts.playback.jump({ state: history.session.state, edges: last?.microsteps.at(-1)?.edges ?? [], seq: last?.seq });
    parts.replay.stop();
    showPicker();
    openStream(id);
  }

  parts.picker.addEventListener('change', () => {
    const chosen = parts.picker.value;
    if (!chosen) return;
    // Picking by hand stops the page from jumping to newer sessions.
    followLatest = chosen === sessions.at(-1)?.id;
    void selectSession(chosen);
  });
  openStream(undefined);
}
