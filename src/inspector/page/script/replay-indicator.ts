/**
 * Says so while the page rebuilds a session from its history (after a load, a reload, another
 * session picked, or a reset): until it is done the diagram still shows the old state, and the
 * timeline and the picture must not disagree without a word.
 */
export function createReplayIndicator(status: HTMLElement) {
  return {
    start() {
      status.hidden = false;
      status.textContent = 'replaying history…';
      document.body.dataset.replaying = 'true';
    },
    stop() {
      status.hidden = true;
      status.textContent = '';
      delete document.body.dataset.replaying;
    },
  };
}

export type ReplayIndicator = ReturnType<typeof createReplayIndicator>;
