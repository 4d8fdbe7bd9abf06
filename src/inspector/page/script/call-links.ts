import { el } from './dom.js';

/** A tool call id as a link: clicking it outlines every place that call appears. */
export function callRef(id: string): HTMLAnchorElement {
  const link = el('a', 'call-ref', id);
  link.href = `#msg-call-${encodeURIComponent(id)}`;
  link.dataset.callId = id;
  link.title = `Show every place tool call ${id} appears`;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    linkCall(id);
  });
  return link;
}

/** The id the conversation's box for a tool call carries, for `callRef`'s href. */
export function callBoxId(id: string): string {
  return `msg-call-${id}`;
}

function linkCall(id: string): void {
  for (const node of document.querySelectorAll('.linked')) node.classList.remove('linked');
  // Compared in JavaScript, not in a selector: an id is model output and may contain anything.
  const matches = [...document.querySelectorAll<HTMLElement>('[data-call-id]')].filter((node) => node.dataset.callId === id);
  // The links sit inside the rows they belong to: outlining both would draw every box twice.
  for (const node of matches) if (!node.classList.contains('call-ref')) node.classList.add('linked');
  const target = document.getElementById(callBoxId(id)) ?? matches[0];
  target?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}
