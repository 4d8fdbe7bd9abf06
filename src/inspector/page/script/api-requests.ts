import type { ApiRequestAttempt } from '../../timeline-types.js';
import { el, line } from './dom.js';
import { arrayField, isJsonObject, jsonText, stringField } from './json-reading.js';

/** What decides how the model may call tools, read from a request body; the whole body is one click further. */
function toolSettings(body: ApiRequestAttempt['body']): string {
  if (!isJsonObject(body)) return '';
  const tools = arrayField(body, 'tools').map((tool) => stringField(isJsonObject(tool) ? tool.function : undefined, 'name') ?? '?');
  const parts = [`tools: ${tools.length > 0 ? tools.join(', ') : 'none'}`];
  if ('parallel_tool_calls' in body) parts.push(`parallel_tool_calls: ${jsonText(body.parallel_tool_calls)}`);
  if ('tool_choice' in body) parts.push(`tool_choice: ${jsonText(body.tool_choice)}`);
  return parts.join(' · ');
}

function attemptLabel(attempt: ApiRequestAttempt): HTMLSpanElement {
  const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
  const outcome = attempt.status === undefined ? 'no response' : `HTTP ${attempt.status}`;
  return el('span', `attempt ${ok ? 'ok' : 'bad'}`, `attempt ${attempt.attempt}: ${outcome}`);
}

/** The HTTP requests behind a step (`TransitionEntry.requests`), when the recorder provides them. */
export function renderApiRequests(detail: HTMLElement, requests: ApiRequestAttempt[] | undefined): void {
  if (!requests?.length) return;
  const row = line(detail, 'requests');
  row.append(el('span', 'meta', `${requests[0]!.stage} request`));
  for (const attempt of requests) {
    row.append(' ', attemptLabel(attempt));
    if (attempt.error) row.append(' ', el('span', 'error-text', attempt.error));
  }
  for (const attempt of requests) {
    if (attempt.body === undefined) continue;
    const body = el('details', 'request-body');
    body.append(el('summary', '', `request body, attempt ${attempt.attempt} · ${toolSettings(attempt.body)}`), el('pre', '', jsonText(attempt.body, true)));
    detail.append(body);
  }
}
