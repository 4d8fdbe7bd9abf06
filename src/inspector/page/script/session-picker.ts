import type { SessionInfo } from '../../timeline-types.js';
import { el } from './dom.js';

function sessionLabel(session: SessionInfo): string {
  const model = session.model ? ` · ${session.model}` : '';
  const status = session.status === 'active' ? '' : ` (${session.status})`;
  return `${session.label}${model} · ${session.state}${status}`;
}

/** The header's session picker and the chosen session's status badge. */
export function renderSessionPicker(picker: HTMLSelectElement, badge: HTMLElement, sessions: SessionInfo[], chosen: string | undefined): void {
  if (sessions.length === 0) picker.replaceChildren(el('option', '', 'waiting for a session…'));
  else
    picker.replaceChildren(
      ...sessions.map((session) => {
        const option = el('option', '', sessionLabel(session));
        option.value = session.id;
        option.selected = session.id === chosen;
        return option;
      }),
    );
  picker.disabled = sessions.length === 0;
  badge.textContent = sessions.find((session) => session.id === chosen)?.status ?? '';
}
