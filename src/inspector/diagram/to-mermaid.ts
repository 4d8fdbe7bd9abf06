import type { GraphState, GraphTransition, MachineGraph } from './machine-graph.js';

/** Mermaid ids allow neither dots nor hyphens; nested states are aliased and labelled with their key. */
function mermaidId(path: string): string {
  return path.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Mermaid ends a transition's description at `:` or `;` (and reads `#` as an entity). Labels such
 * as `done: requestCompletion` keep their look with U+2236 RATIO, which is not a colon to Mermaid.
 */
function mermaidText(text: string): string {
  return text.replace(/:/g, '\u2236').replace(/[#;\n]/g, ' ');
}

function transitionLabel(transition: GraphTransition): string {
  // A self-loop in the picture would suggest exit and re-entry; say which one actually happens.
  const note = transition.target === undefined ? ' (stays)' : transition.reenter ? ' (re-enters)' : '';
  return mermaidText(`${transition.label}${note}`);
}

function stateLines(state: GraphState, indent: string): string[] {
  const id = mermaidId(state.path);
  const declaration = id === state.key ? [] : [`${indent}state "${mermaidText(state.key)}" as ${id}`];
  if (state.children.length === 0) return declaration;
  const inner = `${indent}  `;
  return [
    ...(id === state.key ? [] : declaration),
    `${indent}state ${id} {`,
    ...(state.initial ? [`${inner}[*] --> ${mermaidId(state.initial)}`] : []),
    ...state.children.flatMap((child) => stateLines(child, inner)),
    `${indent}}`,
  ];
}

/**
 * Mermaid `stateDiagram-v2` text: compound states nested, guards in brackets on their transitions,
 * invoke completions labelled `done: <actor>` / `error: <actor>`. Deterministic for a given machine.
 */
export function toMermaid(graph: MachineGraph, header: string): string {
  const lines = [
    'stateDiagram-v2',
    ...header.split('\n').map((line) => `  %% ${line}`),
    ...(graph.initial ? [`  [*] --> ${mermaidId(graph.initial)}`] : []),
    ...graph.states.flatMap((state) => stateLines(state, '  ')),
    ...graph.transitions.map(
      (transition) =>
        `  ${mermaidId(transition.source)} --> ${mermaidId(transition.target ?? transition.source)} : ${transitionLabel(transition)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
