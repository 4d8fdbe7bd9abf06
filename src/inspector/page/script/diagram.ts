import { stateDomId } from '../../diagram/machine-graph.js';

/**
 * The statechart picture (the SVG Graphviz drew from the machine, `/diagram.svg`) with the current
 * state and the transitions just taken lit. By default it fills the panel's width, where its
 * labels are readable, and scrolls to keep the current state in view; the button switches to the
 * whole picture at once.
 */
export function createDiagram(container: HTMLElement, zoom: HTMLButtonElement) {
  let painted: { state: string; edges: string[] } | undefined;

  const follow = () => {
    const lit = container.querySelectorAll<SVGGElement>('g.node.current');
    const target = lit[lit.length - 1] ?? container.querySelector<SVGGElement>('g.cluster.current');
    if (!target || container.scrollHeight <= container.clientHeight) return;
    const box = target.getBoundingClientRect();
    const frame = container.getBoundingClientRect();
    const top = container.scrollTop + box.top - frame.top - (container.clientHeight - box.height) / 2;
    container.scrollTo({ top, behavior: 'smooth' });
  };

  const paint = (state: string, edges: string[]) => {
    painted = { state, edges };
    for (const node of container.querySelectorAll('.current, .taken')) node.classList.remove('current', 'taken');
    for (const region of state.split(',')) {
      const parts = region.split('.');
      for (let depth = 1; depth <= parts.length; depth += 1)
        document.getElementById(stateDomId(parts.slice(0, depth).join('.')))?.classList.add('current');
    }
    for (const id of edges) document.getElementById(id)?.classList.add('taken');
    follow();
  };

  zoom.addEventListener('click', () => {
    const whole = container.classList.toggle('whole');
    zoom.textContent = whole ? 'fit width' : 'whole picture';
    follow();
  });

  return {
    async load(): Promise<void> {
      const response = await fetch('/diagram.svg');
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = new DOMParser().parseFromString(await response.text(), 'image/svg+xml');
      const svg = document.importNode(parsed.documentElement, true);
      // The viewBox stays; without the fixed size the picture scales to its panel.
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      container.replaceChildren(svg);
      if (painted) paint(painted.state, painted.edges);
    },
    paint,
  };
}

export type Diagram = ReturnType<typeof createDiagram>;
