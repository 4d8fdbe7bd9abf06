/**
 * The inspector page's script, bundled by `scripts/build-inspector-page.ts` into `/app.js` (the
 * page's policy forbids inline scripts). No dependencies: the page works offline.
 *
 * For tests and the curious: `window.__stateHistory` lists every state the diagram has lit, in
 * order, and `document.body.dataset.state` is the current one.
 */
import type { MachineGraph } from '../../diagram/machine-graph.js';
import { createDiagram } from './diagram.js';
import { byId } from './dom.js';
import { EMPTY_GRAPH, machineModel } from './machine-model.js';
import { createPlayback, type Step } from './playback.js';
import { createReplayIndicator } from './replay-indicator.js';
import { startSessionFeed } from './session-feed.js';
import { createStageStrip } from './stage-strip.js';
import { createTimeline } from './timeline.js';

declare global {
  interface Window {
    __stateHistory: string[];
  }
}

const DEFAULT_DWELL_MS = 450;

/** `?dwell=0` shows states as fast as they come (tests); the default lets a person follow them. */
function dwellMs(): number {
  const asked = Number(new URLSearchParams(location.search).get('dwell') ?? Number.NaN);
  return Number.isFinite(asked) && asked >= 0 ? asked : DEFAULT_DWELL_MS;
}

async function loadMachine(): Promise<MachineGraph> {
  try {
    const response = await fetch('/machine.json');
    if (response.ok) return (await response.json()) as MachineGraph;
  } catch {
    // Below: the page still shows the timeline and the conversation.
  }
  byId('stages').textContent = 'The machine description could not be loaded.';
  return EMPTY_GRAPH;
}

async function main(): Promise<void> {
  window.__stateHistory = [];
  const diagram = createDiagram(byId('diagram'), byId<HTMLButtonElement>('zoom'));
  diagram.load().catch((error: unknown) => {
    byId('diagram').textContent = `The diagram could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
  });
  const model = machineModel(await loadMachine());
  const strip = createStageStrip(byId('stages'), model);
  const timeline = createTimeline(
    { panel: byId('timeline-panel'), list: byId('timeline'), count: byId('timeline-count'), empty: byId('timeline-empty') },
    model,
  );

  const show = ({ state, edges, seq }: Step) => {
    diagram.paint(state, edges);
    strip.show(state);
    timeline.markPlaying(seq);
    document.body.dataset.state = state;
    byId('current-state').textContent = `· ${state}`;
    const via = edges.flatMap((id) => model.transitionLabel(id) ?? []);
    byId('last-transition').textContent = via.length > 0 ? `via ${via.join(', ')}` : '';
    if (window.__stateHistory.at(-1) !== state) window.__stateHistory.push(state);
  };

  startSessionFeed({
    picker: byId<HTMLSelectElement>('session-picker'),
    badge: byId('session-status'),
    connection: byId('connection'),
    timeline,
    messages: { panel: byId('messages-panel'), list: byId('messages'), count: byId('message-count') },
    playback: createPlayback(show, dwellMs()),
    replay: createReplayIndicator(byId('replay-status')),
  });
}

void main();
