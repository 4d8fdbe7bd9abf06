/** chart.svg: small multiples of horizontal bars, CPU per turn by scenario (fresh and streamed), then heap. */
import type { BenchResults } from './results.js';

const COLORS: Record<string, string> = {
  'plain loop': '#7f8c8d',
  toolcycle: '#e4572e',
  'toolcycle stream()': '#f08a5d',
  'openai runTools': '#4c72b0',
  'AI SDK generateText': '#55a868',
  'AI SDK streamText': '#55a868',
  'OpenAI Agents': '#8172b2',
  LangGraph: '#c9a227',
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const format = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');

interface Panel {
  title: string;
  unit: string;
  /** `secondary`: drawn as a thin dark bar under the main one. */
  bars: { label: string; value: number; secondary?: number }[];
  marker?: { value: number; label: string };
}

const LABEL_WIDTH = 140;
const BAR_HEIGHT = 16;
const GAP = 6;

function renderPanel(panel: Panel, x: number, y: number, width: number): string {
  const barArea = width - LABEL_WIDTH - 80;
  const max = Math.max(...panel.bars.map((bar) => bar.value).filter(Number.isFinite), panel.marker?.value ?? 0, 1e-9);
  const scale = (value: number) => Math.max(1, (value / max) * barArea);
  const parts: string[] = [`<g transform="translate(${x},${y})">`, `<text x="0" y="14" class="title">${escapeXml(panel.title)}</text>`];
  panel.bars.forEach((bar, index) => {
    const top = 26 + index * (BAR_HEIGHT + GAP);
    const length = Number.isFinite(bar.value) ? scale(bar.value) : 0;
    parts.push(`<text x="${LABEL_WIDTH - 6}" y="${top + 12}" class="label" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${LABEL_WIDTH}" y="${top}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[bar.label] ?? '#999'}" rx="2"/>`);
    if (bar.secondary !== undefined && Number.isFinite(bar.secondary)) {
      parts.push(`<rect x="${LABEL_WIDTH}" y="${top + BAR_HEIGHT - 4}" width="${scale(bar.secondary).toFixed(1)}" height="4" fill="#222" fill-opacity="0.55"/>`);
    }
    parts.push(`<text x="${LABEL_WIDTH + length + 4}" y="${top + 12}" class="value">${escapeXml(`${format(bar.value)} ${panel.unit}`)}</text>`);
  });
  if (panel.marker) {
    const markerX = LABEL_WIDTH + scale(panel.marker.value);
    const bottom = 26 + panel.bars.length * (BAR_HEIGHT + GAP);
    parts.push(`<line x1="${markerX.toFixed(1)}" y1="22" x2="${markerX.toFixed(1)}" y2="${bottom}" class="marker"/>`);
    parts.push(`<text x="${markerX.toFixed(1)}" y="${bottom + 12}" class="small" text-anchor="middle">${escapeXml(panel.marker.label)}</text>`);
  }
  parts.push('</g>');
  return parts.join('\n');
}

export function renderSvg(results: BenchResults): string {
  const panels: Panel[] = results.blocks
    .filter((block) => block.group === 'fresh' || block.group === 'streaming')
    .map((block) => ({
      title: `${block.group === 'streaming' ? '' : 'fresh · '}${block.title}: CPU µs per turn`,
      unit: 'µs',
      bars: block.rows.map((row) => ({ label: row.contender, value: row.cpuUs.median, secondary: row.wallOverheadUs.median })),
    }));
  for (const mode of ['idle', 'parked'] as const) {
    const rows = results.heap.filter((row) => row.mode === mode);
    if (rows.length === 0) continue;
    panels.push({
      title: mode === 'idle' ? 'heap per idle session' : 'heap per session parked in a tool call',
      unit: 'B',
      bars: rows.map((row) => ({ label: row.contender, value: row.bytesPerSession.median })),
      marker: mode === 'idle' ? { value: 6 * 1024, label: '6 KB target' } : { value: 8 * 1024, label: '8 KB target' },
    });
  }
  const columns = 2;
  const panelWidth = 480;
  const panelHeight = 26 + Math.max(...panels.map((panel) => panel.bars.length), 1) * (BAR_HEIGHT + GAP) + 30;
  const header = 48;
  const width = columns * panelWidth + 20;
  const height = header + Math.ceil(panels.length / columns) * panelHeight + 10;
  const body = panels.map((panel, index) =>
    renderPanel(panel, 10 + (index % columns) * panelWidth, header + Math.floor(index / columns) * panelHeight, panelWidth - 20),
  );
  const subtitle = `${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}, ${results.date.slice(0, 10)} (${results.mode} run). Lower is better. Bars: client CPU per turn (median of rounds); thin dark bar: wall overhead (turn − server time).`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">
<style>
  .title { font-size: 13px; font-weight: 600; fill: #222; }
  .label { font-size: 11px; fill: #333; }
  .value { font-size: 11px; fill: #444; }
  .small { font-size: 10px; fill: #666; }
  .marker { stroke: #222; stroke-dasharray: 4 3; stroke-width: 1; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="15" font-weight="700" fill="#111">toolcycle vs peers: client-side cost of the tool-calling lifecycle</text>
<text x="10" y="37" class="small">${escapeXml(subtitle)}</text>
${body.join('\n')}
</svg>
`;
}
