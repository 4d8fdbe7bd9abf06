/** How close to the end still counts as "at the bottom": a line or two of slack. */
const SLACK_PX = 40;

/**
 * Runs `change` (which adds content to `panel`) and keeps the panel pinned to its end if it was
 * there before, like a terminal: a reader who scrolled up to read something is left where they are.
 */
export function followBottom(panel: HTMLElement, change: () => void): void {
  const atBottom = panel.scrollTop + panel.clientHeight >= panel.scrollHeight - SLACK_PX;
  change();
  if (atBottom) panel.scrollTop = panel.scrollHeight;
}
