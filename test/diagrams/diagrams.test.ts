import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { generateDiagramFiles, renderSvg } from '../../scripts/diagram-files.js';
import { allStates, describeMachine } from '../../src/inspector/diagram/machine-graph.js';
import { toDot } from '../../src/inspector/diagram/to-dot.js';
import { toMermaid } from '../../src/inspector/diagram/to-mermaid.js';

const root = new URL('../../', import.meta.url);
const graph = describeMachine(lifecycleMachine);

describe('diagrams generated from the machine', () => {
  it('the committed files are byte-for-byte what the machine generates (run `npm run diagrams` if not)', async () => {
    const files = await generateDiagramFiles();
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(['diagrams/lifecycle.mmd', 'diagrams/lifecycle.svg']));
    for (const file of files) {
      const committed = await readFile(new URL(file.path, root), 'utf8').catch(() => '(missing)');
      expect(committed, `${file.path} is stale`).toBe(file.content);
    }
  });

  it('renders the same SVG every time', async () => {
    const dot = toDot(graph, 'header');
    expect(await renderSvg(dot)).toBe(await renderSvg(dot));
  });

  it('draws every state and every transition of the definition, guards included', () => {
    const mermaid = toMermaid(graph, 'header');
    expect(mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
    // executing's substates are nested inside it.
    expect(mermaid).toMatch(
      /state executing \{\n\s+\[\*\] --> executing_single\n[\s\S]*state "parallel" as executing_parallel[\s\S]*\n {2}\}/,
    );
    expect(mermaid).toContain('calling_planning --> executing_parallel : always [canRunInParallel]');
    expect(mermaid).toContain('deciding --> calling : model.replied [repliedWithToolCalls]');
    expect(mermaid).toContain('deciding --> failed : model.failed');
    expect(mermaid).toContain('awaitingApproval --> calling_planning : approval.decided [decidesEveryWaitingCall]');
    // Mermaid's lexer ends a description at `:`, `;` or `#`; the look-alike `∶` keeps the label whole.
    for (const line of mermaid.split('\n').filter((text) => text.includes(' --> ') && text.includes(' : '))) {
      expect(line.slice(line.indexOf(' : ') + 3), line).not.toMatch(/[:;#]/);
    }
    expect(mermaid).toContain('executing --> cancelled : cancel');
    expect(mermaid).toContain('executing --> executing : tool.settled [settlesOneOfSeveral] (stays)');

    // One Mermaid line per transition branch: count the definition's branches independently.
    const nodes = [
      lifecycleMachine.root,
      ...Object.values(lifecycleMachine.root.states).flatMap((node) => [node, ...Object.values(node.states)]),
    ];
    const branches = nodes.reduce(
      (sum, node) => sum + [...node.transitions.values()].reduce((n, list) => n + list.length, 0) + (node.always?.length ?? 0),
      0,
    );
    expect(graph.transitions).toHaveLength(branches);
    expect(mermaid.split('\n').filter((line) => / --> .* : /.test(line))).toHaveLength(branches);
  });

  it('gives every state and transition a stable id in the SVG, for the inspector to highlight', async () => {
    const svg = await readFile(new URL('diagrams/lifecycle.svg', root), 'utf8');
    // Graphviz writes `-` in attribute values as `&#45;`.
    const ids = new Set([...svg.matchAll(/<g id="([^"]+)"/g)].map((match) => match[1]!.replace(/&#45;/g, '-')));
    for (const state of allStates(graph)) expect(ids, state.path).toContain(`state-${state.path}`);
    for (const transition of graph.transitions) expect(ids, transition.id).toContain(transition.id);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // nothing to fetch: the picture works offline
  });
});
