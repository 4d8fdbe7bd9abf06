import type { TimelineEntry, TransitionEntry } from '../../timeline-types.js';
import { renderApiRequests } from './api-requests.js';
import { el, line } from './dom.js';
import { followBottom } from './follow-bottom.js';
import { formatMs, formatOffset, plural } from './format.js';
import { jsonText, numberField, stringField } from './json-reading.js';
import type { MachineModel } from './machine-model.js';
import { renderTraceRecord } from './trace-records.js';
import { createTurnTracker, type TurnSummary } from './turns.js';

export interface TimelineParts {
  panel: HTMLElement;
  list: HTMLElement;
  count: HTMLElement;
  empty: HTMLElement;
}

function turnSummaryText(turn: TurnSummary): string {
  const tokens = turn.tokens === undefined ? 'tokens unknown' : plural(turn.tokens, 'token');
  return `${formatMs(turn.wallMs)} · ${plural(turn.steps, 'step')} · ${tokens} · ${turn.stopReason}`;
}

/** The stage an entry's work belongs to: where its event arrived, or else the first stage it entered. */
function entryStage(entry: TransitionEntry, model: MachineModel): string | undefined {
  return model.stageOf(entry.from) ?? entry.microsteps.map((step) => model.stageOf(step.state)).find((stage) => stage !== undefined);
}

function durationLabel(entry: TransitionEntry): HTMLSpanElement | undefined {
  if (typeof entry.durationMs !== 'number') return undefined;
  const label = el('span', 'meta duration actor-duration', `actor ${formatMs(entry.durationMs)}`);
  label.title = `How long ${entry.source ?? 'the child actor'} ran, from its start until the machine received this event.`;
  return label;
}

function renderTransition(item: HTMLElement, summary: HTMLElement, entry: TransitionEntry, model: MachineModel): void {
  const stage = entryStage(entry, model);
  if (stage !== undefined) {
    item.dataset.stage = stage;
    item.classList.add(`stage-${model.stages.indexOf(stage)}`);
  }
  // Ending where no turn ends well (not the initial state, not a stage): failed, cancelled.
  if (model.stageOf(entry.state) === undefined && model.topOf(entry.state) !== model.initial) item.classList.add('off-path');
  item.dataset.event = entry.eventType;
  const path = [entry.from];
  for (const step of entry.microsteps) if (path.at(-1) !== step.state) path.push(step.state);
  summary.append(el('span', 'event', entry.eventType), el('span', 'path', path.join(' → ')));
  if (entry.source) summary.append(el('span', 'meta', `from ${entry.source}`));
  const duration = durationLabel(entry);
  if (duration) summary.append(duration);

  const detail = el('div', 'detail');
  const said = stringField(entry.event, 'content');
  if (entry.eventType === 'user.message' && said !== undefined) line(detail, undefined, `“${said}”`);
  for (const record of entry.records) renderTraceRecord(detail, record);
  renderApiRequests(detail, entry.requests);
  const sessionTokens = numberField(entry.usage, 'totalTokens');
  if (sessionTokens !== undefined) line(detail, 'meta', `session usage: ${plural(sessionTokens, 'token')}`);
  const payload = el('details');
  payload.append(el('summary', '', 'payload'), el('pre', '', jsonText(entry.event, true)));
  detail.append(payload);
  item.append(detail);
}

function renderEntry(entry: TimelineEntry, sessionStart: number, model: MachineModel): HTMLLIElement {
  const item = el('li', `entry kind-${entry.kind}`);
  item.dataset.seq = String(entry.seq);
  const head = el('div', 'head');
  const summary = el('div', 'summary');
  head.append(el('span', 'time', formatOffset(entry.time, sessionStart)), summary);
  item.append(head);
  if (entry.kind === 'actor') summary.append(el('span', 'meta', `▶ started ${entry.actorId}`));
  else renderTransition(item, summary, entry, model);
  return item;
}

/** The timeline panel: one row per entry, a separator with a summary line per turn. */
export function createTimeline(parts: TimelineParts, model: MachineModel) {
  let turns = createTurnTracker(model);
  const separators = new Map<number, HTMLElement>();

  const startTurn = (number: number) => {
    const separator = el('li', 'turn');
    separator.dataset.turn = String(number);
    separator.append(el('span', 'turn-name', `turn ${number}`), el('span', 'turn-summary', 'running…'));
    separators.set(number, separator);
    parts.list.append(separator);
  };

  const endTurn = (turn: TurnSummary) => {
    const separator = separators.get(turn.number);
    if (!separator) return;
    separator.classList.add('ended');
    separator.querySelector('.turn-summary')!.textContent = turnSummaryText(turn);
  };

  return {
    clear() {
      parts.list.replaceChildren();
      parts.count.textContent = '';
      separators.clear();
      turns = createTurnTracker(model);
    },
    append(entry: TimelineEntry, sessionStart: number) {
      followBottom(parts.panel, () => {
        const turn = entry.kind === 'transition' ? turns.observe(entry) : undefined;
        if (turn?.started !== undefined) startTurn(turn.started);
        parts.list.append(renderEntry(entry, sessionStart, model));
        if (turn?.ended) endTurn(turn.ended);
        parts.empty.hidden = true;
        parts.count.textContent = `(${parts.list.querySelectorAll(':scope > .entry').length})`;
      });
    },
    noteDropped(count: number) {
      parts.list.prepend(el('li', 'dropped', `${plural(count, 'older entry', 'older entries')} dropped`));
    },
    /** The diagram can trail the timeline by a few dwells: mark the entry it is showing. */
    markPlaying(seq: number | undefined) {
      for (const item of parts.list.querySelectorAll('.playing')) item.classList.remove('playing');
      if (seq === undefined) return;
      parts.list.querySelector(`:scope > li[data-seq="${seq}"]`)?.classList.add('playing');
    },
    showNote(text: string) {
      parts.empty.hidden = false;
      parts.empty.textContent = text;
    },
  };
}

export type Timeline = ReturnType<typeof createTimeline>;
