import type { JsonValue } from '../../json-safe.js';
import { callRef } from './call-links.js';
import { el, line } from './dom.js';
import { formatMs, plural } from './format.js';
import { arrayField, isJsonObject, jsonText, numberField, objectField, stringField, type JsonObject } from './json-reading.js';

/**
 * The CLI trace's records for one step (src/cli/transition-trace.ts), told apart by the fields they
 * carry rather than by their `stage` tag, so the page keeps no list of stages of its own.
 */

function errorText(error: JsonObject | undefined): string {
  return `✗ ${stringField(error, 'kind') ?? stringField(error, 'name') ?? 'error'}: ${stringField(error, 'message') ?? ''}`;
}

/** `{ model, tools, parallelToolCalls, maxSteps }`: what the turn was started with. */
function renderConnection(detail: HTMLElement, record: JsonObject): void {
  const tools = arrayField(record, 'tools').map((name) => jsonText(name));
  const mode = record.parallelToolCalls === true ? 'parallel' : 'sequential';
  const steps = plural(numberField(record, 'maxSteps') ?? 0, 'step');
  line(detail, undefined, `model ${stringField(record, 'model') ?? '?'} · tools: ${tools.join(', ') || 'none'} · ${mode} calls · max ${steps}`);
}

/** `{ toolCalls, checkErrors }`: the calls a completion asked for, with those that failed their check. */
function renderToolCalls(detail: HTMLElement, record: JsonObject, calls: JsonValue[]): void {
  const failures = arrayField(record, 'checkErrors');
  for (const call of calls) {
    const id = stringField(call, 'id') ?? '';
    const row = line(detail, 'call');
    row.dataset.callId = id;
    row.append(callRef(id), ' ', el('span', 'tool-name', stringField(call, 'name') ?? ''), ' ', el('span', 'args', stringField(call, 'arguments') ?? ''));
    const failure = failures.find((check) => stringField(check, 'toolCallId') === id);
    if (failure !== undefined) row.append(' ', el('span', 'error-text', errorText(objectField(failure, 'error'))));
  }
  line(detail, 'meta', `${plural(calls.length, 'call')} → ${stringField(record, 'state') ?? ''}`);
}

/** `{ toolCallId, name, durationMs, result | error }`: one tool call settled. */
function renderToolOutcome(detail: HTMLElement, record: JsonObject, id: string): void {
  const row = line(detail, 'call');
  row.dataset.callId = id;
  row.append(callRef(id), ' ', el('span', 'tool-name', stringField(record, 'name') ?? ''), ' ');
  const error = objectField(record, 'error');
  if (error) row.append(el('span', 'error-text', errorText(error)));
  else row.append('→ ', el('span', 'result', jsonText(record.result)));
  const ran = numberField(record, 'durationMs');
  if (ran !== undefined) {
    const took = el('span', 'meta duration tool-duration', `tool ${formatMs(ran)}`);
    took.title = "How long the tool's own execute function ran.";
    row.append(' ', took);
  }
}

/** `{ from, content, stopReason, usage }`: the turn's answer. */
function renderAnswer(detail: HTMLElement, record: JsonObject, stopReason: string): void {
  const usage = objectField(record, 'usage');
  const tokens = `${numberField(usage, 'totalTokens') ?? '?'} tokens (prompt ${numberField(usage, 'promptTokens') ?? '?'}, completion ${numberField(usage, 'completionTokens') ?? '?'})`;
  line(detail, 'meta', `answer after ${stringField(record, 'from') ?? '?'} · ${tokens}${stopReason === 'stop' ? '' : ` · stopped: ${stopReason}`}`);
  const content = stringField(record, 'content');
  if (content) line(detail, 'answer-text', content);
}

export function renderTraceRecord(detail: HTMLElement, record: JsonValue): void {
  if (!isJsonObject(record)) return;
  const toolCallId = stringField(record, 'toolCallId');
  const calls = arrayField(record, 'toolCalls');
  const stopReason = stringField(record, 'stopReason');
  const error = objectField(record, 'error');
  if (toolCallId !== undefined) renderToolOutcome(detail, record, toolCallId);
  else if (calls.length > 0) renderToolCalls(detail, record, calls);
  else if (stopReason !== undefined) renderAnswer(detail, record, stopReason);
  else if (Array.isArray(record.tools)) renderConnection(detail, record);
  else if (error) line(detail, 'error-text', `${stringField(error, 'name') ?? 'Error'}: ${stringField(error, 'message') ?? ''}`);
}
