/**
 * The only way this page creates elements. Text is set with `textContent`, never parsed as markup:
 * every string from a session is untrusted (a tool result can say anything).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string | number,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** A `div.line` (one row of an entry's details) appended to `parent`. */
export function line(parent: HTMLElement, className?: string, text?: string): HTMLDivElement {
  const node = el('div', className ? `line ${className}` : 'line', text);
  parent.append(node);
  return node;
}

/** An element the page's markup is known to contain; a missing one is a bug in the markup. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The inspector page has no #${id}.`);
  return node as T;
}
