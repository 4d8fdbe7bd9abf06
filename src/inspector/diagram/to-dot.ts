import { stateDomId, triggerLabel, type GraphState, type GraphTransition, type MachineGraph } from './machine-graph.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function initialNodeName(parent: string): string {
  return `${parent}.__initial__`;
}

/** The node an edge attaches to: a compound state is drawn as a cluster, so use its initial leaf. */
function anchor(path: string, byPath: Map<string, GraphState>): { node: string; cluster?: string } {
  let state = byPath.get(path);
  if (!state || state.children.length === 0) return { node: path };
  const cluster = `cluster_${path}`;
  while (state && state.children.length > 0) state = byPath.get(state.initial ?? state.children[0]!.path);
  return { node: state?.path ?? path, cluster };
}

function stateLabel(state: GraphState): string {
  const invokes = state.invokes.map((id) => `<br/><font point-size="9" color="#6b7280">invokes ${html(id)}</font>`).join('');
  return `<<b>${html(state.key)}</b>${invokes}>`;
}

function stateLines(state: GraphState, indent: string): string[] {
  const attributes = `id=${quote(stateDomId(state.path))}, class=${quote(`state state-${state.type}`)}`;
  if (state.children.length === 0) return [`${indent}${quote(state.path)} [label=${stateLabel(state)}, ${attributes}];`];
  const inner = `${indent}  `;
  return [
    `${indent}subgraph ${quote(`cluster_${state.path}`)} {`,
    `${inner}graph [label=${stateLabel(state)}, ${attributes}, style="rounded,filled", fillcolor="#f8fafc", color="#94a3b8", labeljust=l];`,
    ...(state.initial
      ? [
          `${inner}${quote(initialNodeName(state.path))} [shape=point, width=0.1, label="", class="initial"];`,
          `${inner}${quote(initialNodeName(state.path))} -> ${quote(state.initial)} [class="initial"];`,
        ]
      : []),
    ...state.children.flatMap((child) => stateLines(child, inner)),
    `${indent}}`,
  ];
}

function edgeStyle(transition: GraphTransition): string {
  if (transition.target === undefined) return ', style=dotted';
  if (transition.trigger.kind === 'always') return ', style=dashed';
  if (transition.trigger.kind === 'error') return ', color="#b91c1c", fontcolor="#b91c1c"';
  return '';
}

function edgeLine(transition: GraphTransition, byPath: Map<string, GraphState>, order: Map<string, number>): string {
  const from = anchor(transition.source, byPath);
  const to = anchor(transition.target ?? transition.source, byPath);
  const note = transition.target === undefined ? ' (stays)' : transition.reenter ? ' (re-enters)' : '';
  // The guard goes on its own line: long labels widen the whole rank.
  const label = `${triggerLabel(transition.trigger)}${transition.guard ? `\n[${transition.guard}]` : ''}${note}`;
  const clipping = `${from.cluster ? `, ltail=${quote(from.cluster)}` : ''}${to.cluster ? `, lhead=${quote(to.cluster)}` : ''}`;
  // Definition order is the order of the lifecycle: pulling each step to its successor keeps the
  // main path a straight column, with detours and error paths around it.
  const rankOf = (path: string) => order.get(path.split('.')[0]!) ?? 0;
  const mainPath = transition.target !== undefined && rankOf(transition.target) === rankOf(transition.source) + 1;
  return `  ${quote(from.node)} -> ${quote(to.node)} [id=${quote(transition.id)}, class="transition transition-${transition.trigger.kind}", label=${quote(label)}${edgeStyle(transition)}${clipping}${mainPath ? ', weight=4' : ''}];`;
}

/**
 * Graphviz DOT for the machine. Every state's group gets `id="state-<path>"` and every transition
 * `id="edge-…"`, so a page can highlight the current state and the transitions just taken.
 */
export function toDot(graph: MachineGraph, header: string): string {
  const byPath = new Map<string, GraphState>();
  const index = (states: GraphState[]) =>
    states.forEach((state) => {
      byPath.set(state.path, state);
      index(state.children);
    });
  index(graph.states);
  const order = new Map(graph.states.map((state, position) => [state.key, position]));
  const lines = [
    ...header.split('\n').map((line) => `// ${line}`),
    `digraph ${quote(graph.id)} {`,
    '  graph [rankdir=TB, compound=true, nodesep=0.2, ranksep=0.3, fontname="Helvetica", fontsize=11, bgcolor="transparent", id="lifecycle-graph"];',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#475569", fontname="Helvetica", fontsize=12, margin="0.18,0.06"];',
    '  edge [fontname="Helvetica", fontsize=8, color="#64748b", fontcolor="#334155", arrowsize=0.7];',
    ...(graph.initial
      ? [
          `  ${quote(initialNodeName(graph.id))} [shape=point, width=0.12, label="", class="initial"];`,
          `  ${quote(initialNodeName(graph.id))} -> ${quote(anchor(graph.initial, byPath).node)} [class="initial"];`,
        ]
      : []),
    ...graph.states.flatMap((state) => stateLines(state, '  ')),
    ...graph.transitions.map((transition) => edgeLine(transition, byPath, order)),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
