/** The inspector page's styles: system fonts only, so the page needs nothing from the network. */
export const PAGE_STYLE = `
:root {
  --bg: #f1f5f9; --panel: #ffffff; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0;
  --accent: #2563eb; --accent-soft: #dbeafe; --now: #f59e0b; --now-soft: #fef3c7; --bad: #b91c1c; --bad-soft: #fee2e2; --ok: #15803d;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); display: flex; flex-direction: column; }
code, pre { font-family: var(--mono); font-size: 12px; }
pre { margin: 4px 0 0; white-space: pre-wrap; word-break: break-word; background: #f8fafc; border: 1px solid var(--line); border-radius: 4px; padding: 6px; max-height: 240px; overflow: auto; }
.muted { color: var(--muted); font-weight: normal; }
header { display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: var(--ink); color: #fff; }
header h1 { font-size: 16px; margin: 0; }
header h1 span { font-weight: normal; color: #94a3b8; }
header select { font: inherit; min-width: 260px; }
.badge { padding: 1px 8px; border-radius: 9px; background: #334155; font-size: 12px; }
.badge:empty { display: none; }
.connection { margin-left: auto; font-size: 12px; color: #cbd5e1; }
.connection[data-status="live"]::before { content: "● "; color: #4ade80; }
.connection[data-status="reconnecting"]::before { content: "● "; color: #f87171; }
#stages { display: flex; gap: 6px; list-style: none; margin: 0; padding: 8px 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
#stages li { padding: 3px 12px; border-radius: 12px; border: 1px solid var(--line); color: var(--muted); transition: background .15s, color .15s; }
#stages li.problem { margin-left: 0; }
#stages li[data-stage="failed"] { margin-left: auto; }
#stages li.current { background: var(--now); border-color: var(--now); color: #000; font-weight: 600; }
#stages li.problem.current { background: var(--bad); border-color: var(--bad); color: #fff; }
#stages li.done { color: var(--ink); border-color: #94a3b8; }
main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1.45fr) minmax(0, 1fr); gap: 10px; padding: 10px; }
main > .left { display: flex; flex-direction: column; gap: 10px; min-height: 0; }
#diagram-panel { flex: none; max-height: 64vh; }
#messages-panel { flex: 1; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; min-height: 0; overflow: auto; }
section h2 { font-size: 13px; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #334155; }
#diagram svg { width: 100%; height: auto; display: block; }
#diagram.full-size svg { width: auto; max-width: none; }
#zoom { float: right; font: inherit; font-size: 11px; text-transform: none; letter-spacing: 0; cursor: pointer; }
#diagram g.state > path, #diagram g.state > polygon { transition: fill .15s, stroke .15s; }
#diagram g.node.state.current > path, #diagram g.node.state.current > polygon { fill: var(--now-soft); stroke: var(--now); stroke-width: 3px; }
#diagram g.cluster.state.current > path, #diagram g.cluster.state.current > polygon { fill: #fffbeb; stroke: var(--now); stroke-width: 2px; }
#diagram g.node.state.visited > path { stroke: var(--accent); }
#diagram g.edge.taken > path { stroke: var(--now); stroke-width: 2.5px; }
#diagram g.edge.taken > polygon { fill: var(--now); stroke: var(--now); }
#diagram g.edge.taken > text { fill: #92400e; font-weight: bold; }
#timeline, #messages { list-style: none; margin: 0; padding: 0; }
.entry { border-left: 3px solid var(--line); padding: 4px 8px; margin: 0 0 6px; }
.entry.playing { background: var(--now-soft); }
.entry.kind-actor { color: var(--muted); border-left-color: transparent; padding-top: 0; padding-bottom: 0; }
.entry.stage-connect, .entry.stage-decide, .entry.stage-respond, .entry.stage-answer { border-left-color: var(--accent); }
.entry.stage-execute { border-left-color: var(--ok); }
.entry.stage-failed, .entry.stage-cancelled { border-left-color: var(--bad); background: var(--bad-soft); }
.entry .head { display: grid; grid-template-columns: 70px 1fr; align-items: baseline; }
.entry .summary { display: flex; flex-wrap: wrap; column-gap: 6px; align-items: baseline; }
.entry .time { color: var(--muted); font-family: var(--mono); font-size: 11px; }
.entry .event { font-family: var(--mono); font-weight: 600; }
.entry .path { color: #334155; }
.entry .meta { color: var(--muted); font-size: 12px; }
.entry details summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.detail { margin: 3px 0 0 70px; }
.detail .line { margin: 2px 0; }
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
@media (max-width: 1100px) { main { grid-template-columns: 1fr; } #diagram-panel { max-height: none; } }
`;
