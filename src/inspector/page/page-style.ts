/**
 * The inspector page's styles: system fonts only, so the page needs nothing from the network.
 * Stages are coloured by their position (`stage-0`, `stage-1`…), not by name: the names come from
 * the machine.
 */
export const PAGE_STYLE = `
:root {
  --bg: #f1f5f9; --panel: #ffffff; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0;
  --accent: #2563eb; --now: #f59e0b; --now-soft: #fef3c7; --bad: #b91c1c; --bad-soft: #fee2e2; --ok: #15803d;
  --stage-0: #7c3aed; --stage-1: #2563eb; --stage-2: #0891b2; --stage-3: #15803d; --stage-4: #4f46e5; --stage-5: #a16207;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); display: flex; flex-direction: column; }
code, pre { font-family: var(--mono); font-size: 12px; }
pre { margin: 4px 0 0; white-space: pre-wrap; word-break: break-word; background: #f8fafc; border: 1px solid var(--line); border-radius: 4px; padding: 6px; max-height: 240px; overflow: auto; }
.muted { color: var(--muted); font-weight: normal; }
header { display: flex; align-items: center; gap: 14px; padding: 6px 16px; background: var(--ink); color: #fff; }
header h1 { font-size: 16px; margin: 0; }
header h1 span { font-weight: normal; color: #94a3b8; }
header select { font: inherit; min-width: 260px; }
.badge { padding: 1px 8px; border-radius: 9px; background: #334155; font-size: 12px; }
.badge:empty { display: none; }
.replay { padding: 1px 10px; border-radius: 9px; background: var(--now); color: #000; font-size: 12px; font-weight: 600; }
.replay[hidden] { display: none; }
.connection { font-size: 12px; color: #cbd5e1; white-space: nowrap; }
.connection[data-status="live"]::before { content: "● "; color: #4ade80; }
.connection[data-status="reconnecting"]::before { content: "● "; color: #f87171; }

#stages { flex: 1; display: flex; gap: 5px; list-style: none; margin: 0; padding: 0; }
#stages li { padding: 1px 10px; border-radius: 11px; border: 1px solid #475569; color: #94a3b8; font-size: 12px; transition: background .15s, color .15s; }
#stages li.off-path:not(.off-path ~ .off-path) { margin-left: auto; }
#stages li.current { background: var(--now); border-color: var(--now); color: #000; font-weight: 600; }
#stages li.off-path.current { background: var(--bad); border-color: var(--bad); color: #fff; }
#stages li.done { color: #fff; border-color: #94a3b8; }

/* The diagram spans the page's width: only there are its labels readable. Drag its corner to share the height differently. */
main { flex: 1; min-height: 0; display: grid; gap: 8px; padding: 8px; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr);
  grid-template-rows: auto minmax(0, 1fr); grid-template-areas: "diagram diagram" "timeline messages"; }
#diagram-panel { grid-area: diagram; display: flex; flex-direction: column; overflow: hidden; height: 54vh; min-height: 140px; max-height: calc(100vh - 160px); resize: vertical; }
#timeline-panel { grid-area: timeline; }
#messages-panel { grid-area: messages; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; min-height: 0; overflow: auto; }
section h2 { font-size: 13px; margin: 0 0 4px; text-transform: uppercase; letter-spacing: .04em; color: #334155; }
section h2 .via { text-transform: none; letter-spacing: 0; font-family: var(--mono); font-size: 12px; }
#zoom { float: right; font: inherit; font-size: 11px; text-transform: none; letter-spacing: 0; cursor: pointer; }

#diagram { flex: 1; min-height: 0; overflow-y: auto; overflow-x: hidden; transition: opacity .15s; }
#diagram svg { width: 100%; height: auto; display: block; }
#diagram.whole { overflow: hidden; }
#diagram.whole svg { height: 100%; }
body[data-replaying] #diagram { opacity: .35; }
#diagram g.state > path, #diagram g.state > polygon { transition: fill .15s, stroke .15s; }
#diagram g.node.state.current > path, #diagram g.node.state.current > polygon { fill: var(--now-soft); stroke: var(--now); stroke-width: 3px; }
#diagram g.cluster.state.current > path, #diagram g.cluster.state.current > polygon { fill: #fffbeb; stroke: var(--now); stroke-width: 2px; }
#diagram g.edge.taken > path { stroke: var(--now); stroke-width: 2.5px; }
#diagram g.edge.taken > polygon { fill: var(--now); stroke: var(--now); }
#diagram g.edge.taken > text { fill: #92400e; font-weight: bold; }

#timeline, #messages { list-style: none; margin: 0; padding: 0; }
.turn { display: flex; gap: 10px; align-items: baseline; margin: 10px 0 6px; padding-top: 4px; border-top: 2px solid #94a3b8; font-size: 12px; }
.turn:first-child { margin-top: 0; }
.turn-name { font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #334155; }
.turn-summary { color: var(--muted); font-family: var(--mono); }
.turn.ended .turn-summary { color: var(--ink); }
.dropped { color: var(--muted); font-style: italic; margin-bottom: 6px; }
.entry { border-left: 3px solid var(--line); padding: 4px 8px; margin: 0 0 6px; }
.entry.playing { background: var(--now-soft); }
.entry.kind-actor { color: var(--muted); border-left-color: transparent; padding-top: 0; padding-bottom: 0; }
.entry.stage-0 { border-left-color: var(--stage-0); }
.entry.stage-1 { border-left-color: var(--stage-1); }
.entry.stage-2 { border-left-color: var(--stage-2); }
.entry.stage-3 { border-left-color: var(--stage-3); }
.entry.stage-4 { border-left-color: var(--stage-4); }
.entry.stage-5 { border-left-color: var(--stage-5); }
.entry.off-path { border-left-color: var(--bad); background: var(--bad-soft); }
.entry .head { display: grid; grid-template-columns: 70px 1fr; align-items: baseline; }
.entry .summary { display: flex; flex-wrap: wrap; column-gap: 6px; align-items: baseline; }
.entry .time { color: var(--muted); font-family: var(--mono); font-size: 11px; }
.entry .event { font-family: var(--mono); font-weight: 600; }
.entry .path { color: #334155; }
.entry .meta { color: var(--muted); font-size: 12px; }
.entry .duration { cursor: help; border-bottom: 1px dotted var(--muted); }
.entry details summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.detail { margin: 3px 0 0 70px; }
.detail .line { margin: 2px 0; }
.answer-text { white-space: pre-wrap; word-break: break-word; }
.requests .attempt { font-family: var(--mono); font-size: 12px; padding: 0 6px; border-radius: 8px; }
.requests .attempt.ok { background: #dcfce7; color: var(--ok); }
.requests .attempt.bad { background: var(--bad-soft); color: var(--bad); }
.call-ref { font-family: var(--mono); font-size: 12px; color: var(--accent); text-decoration: none; border-bottom: 1px dotted var(--accent); cursor: pointer; }
.tool-name { font-family: var(--mono); font-weight: 600; }
.args, .result { font-family: var(--mono); font-size: 12px; word-break: break-word; }
.error-text { color: var(--bad); }
.message { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; margin: 0 0 6px; }
.message .role { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; }
.message.role-user { background: #eff6ff; }
.message.role-assistant { background: #f0fdf4; }
.message.role-tool { background: #fafaf9; }
.message.role-system { background: #f8fafc; color: #475569; }
.message .content { white-space: pre-wrap; word-break: break-word; margin-top: 2px; }
.tool-call { border: 1px dashed #86efac; border-radius: 4px; padding: 4px 6px; margin-top: 4px; background: #fff; }
.linked { outline: 2px solid var(--now); outline-offset: 1px; background: var(--now-soft) !important; }
@media (max-width: 1000px) {
  header { flex-wrap: wrap; }
  main { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto 70vh 50vh; grid-template-areas: "diagram" "timeline" "messages"; overflow: auto; }
}
`;
