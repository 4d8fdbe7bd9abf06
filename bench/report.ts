/** The benchmark's outputs: a markdown table on stdout, `results.json` and `chart.svg`. */
import { writeFileSync } from 'node:fs';

export interface ScenarioRow {
  contender: string;
  turns: number;
  turnsPerSecond: number;
  totalP50Us: number;
  overheadP50Us: number;
  overheadP99Us: number;
  overheadMeanUs: number;
  serverMeanUs: number;
  /** p50 overhead divided by the plain loop's p50 overhead. */
  ratioToPlain: number;
  /** Process CPU per turn minus the server's, p50, µs: less sensitive to other load on the machine. */
  clientCpuP50Us: number;
  cpuRatioToPlain: number;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  requests: number;
  rows: ScenarioRow[];
}

export interface SlowParallelResult {
  contender: string;
  turns: number;
  /** The best turn: the lifecycle's own cost on top of the slowest tool, with the least machine noise. */
  wallMinMs: number;
  wallP50Ms: number;
  wallMaxMs: number;
  slowestToolMs: number;
}

export interface HeapResult {
  contender: string;
  bytesPerSession: number;
  sessions: number;
  note: string;
}

export interface TargetCheck {
  target: string;
  met: boolean;
  detail: string;
}

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: { cpu: string; cores: number; memoryGB: number; platform: string; node: string };
  versions: Record<string, string>;
  method: Record<string, string>;
  scenarios: ScenarioResult[];
  slowParallel: SlowParallelResult[];
  heap: HeapResult[];
  targets?: TargetCheck[];
  wallTimeSeconds: number;
}

const TOOLCYCLE = 'toolcycle';
const PLAIN = 'plain loop';

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const fmtInt = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of results.scenarios) {
    const ours = scenario.rows.find((row) => row.contender === TOOLCYCLE);
    if (!ours) continue;
    if (scenario.rows.some((row) => row.contender === PLAIN)) {
      checks.push({
        target: `overhead ≤ 1.10× plain loop (${scenario.scenario})`,
        met: ours.ratioToPlain <= 1.1,
        detail: `${fmt(ours.ratioToPlain, 2)}× (${fmt(ours.overheadP50Us)} µs vs ${fmt(ours.overheadP50Us / ours.ratioToPlain)} µs p50); CPU ${fmt(ours.cpuRatioToPlain, 2)}×`,
      });
    }
    const peers = scenario.rows.filter((row) => !row.contender.startsWith(TOOLCYCLE) && row.contender !== PLAIN);
    if (peers.length > 0) {
      const slower = peers.filter((row) => row.overheadP50Us <= ours.overheadP50Us);
      checks.push({
        target: `faster than every framework peer (${scenario.scenario})`,
        met: slower.length === 0,
        detail: slower.length === 0 ? 'yes' : `not faster than ${slower.map((row) => `${row.contender} (${fmt(row.overheadP50Us)} µs)`).join(', ')}`,
      });
    }
  }
  const heap = results.heap.find((row) => row.contender === TOOLCYCLE);
  if (heap) {
    checks.push({ target: 'heap per idle session < 10 KB', met: heap.bytesPerSession < 10_240, detail: `${fmtInt(heap.bytesPerSession)} B` });
  }
  const slow = results.slowParallel.find((row) => row.contender === TOOLCYCLE);
  if (slow) {
    checks.push({
      target: `4 parallel ${slow.slowestToolMs} ms tools within 110 ms`,
      met: slow.wallP50Ms <= 110,
      detail: `p50 ${fmt(slow.wallP50Ms, 1)} ms (min ${fmt(slow.wallMinMs, 1)}, max ${fmt(slow.wallMaxMs, 1)})`,
    });
  }
  return checks;
}

export function renderTables(results: BenchResults): string {
  const lines: string[] = [];
  lines.push(
    `Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGB} GB, ${results.machine.platform}, Node ${results.machine.node} — ${results.date.slice(0, 10)}, ${results.mode} run (${fmt(results.wallTimeSeconds, 0)} s)`,
  );
  lines.push('');
  lines.push(
    'Overhead per turn = turn wall time − server time, µs (× plain: p50 / plain loop p50). CPU = process CPU over the turn − server CPU, p50 µs.',
  );
  lines.push('');
  lines.push('| scenario | contender | turns/s | p50 overhead µs | p99 overhead µs | × plain | CPU µs | CPU × plain | server µs/turn |');
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const scenario of results.scenarios) {
    for (const row of scenario.rows) {
      const name = row.contender === TOOLCYCLE ? `**${row.contender}**` : row.contender;
      lines.push(
        `| ${scenario.title} | ${name} | ${fmtInt(row.turnsPerSecond)} | ${fmtInt(row.overheadP50Us)} | ${fmtInt(row.overheadP99Us)} | ${fmt(row.ratioToPlain, 2)} | ${fmtInt(row.clientCpuP50Us)} | ${fmt(row.cpuRatioToPlain, 2)} | ${fmtInt(row.serverMeanUs)} |`,
      );
    }
  }
  if (results.heap.length > 0 || results.slowParallel.length > 0) {
    lines.push('');
    lines.push('| contender | heap B / idle session | 4×100 ms tools: wall min ms | p50 ms | max ms | idle session = |');
    lines.push('|---|--:|--:|--:|--:|---|');
    const names = [...new Set([...results.heap.map((row) => row.contender), ...results.slowParallel.map((row) => row.contender)])];
    for (const name of names) {
      const heap = results.heap.find((row) => row.contender === name);
      const slow = results.slowParallel.find((row) => row.contender === name);
      lines.push(
        `| ${name === TOOLCYCLE ? `**${name}**` : name} | ${heap ? fmtInt(heap.bytesPerSession) : 'n/a'} | ${slow ? fmt(slow.wallMinMs, 1) : 'n/a'} | ${slow ? fmt(slow.wallP50Ms, 1) : 'n/a'} | ${slow ? fmt(slow.wallMaxMs, 1) : 'n/a'} | ${heap?.note ?? ''} |`,
      );
    }
  }
  if (results.targets && results.targets.length > 0) {
    lines.push('');
    lines.push('Targets (toolcycle):');
    for (const check of results.targets) lines.push(`- ${check.met ? 'MET ' : 'MISS'} ${check.target}: ${check.detail}`);
  }
  lines.push('');
  lines.push('Streaming time-to-first-token: not measured (toolcycle has no streaming API yet).');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// SVG: small multiples of horizontal bars, one panel per scenario + heap + slow parallel.
// ---------------------------------------------------------------------------------------------

const COLORS: Record<string, string> = {
  'plain loop': '#7f8c8d',
  toolcycle: '#e4572e',
  'openai runTools': '#4c72b0',
  'AI SDK generateText': '#55a868',
  'OpenAI Agents': '#8172b2',
  LangGraph: '#c9a227',
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Panel {
  title: string;
  unit: string;
  /** `secondary`: drawn as a thin dark bar under the main one (client CPU). */
  bars: { label: string; value: number; secondary?: number }[];
  marker?: { value: number; label: string };
}

function renderPanel(panel: Panel, x: number, y: number, width: number, height: number): string {
  const labelWidth = 140;
  const valueWidth = 70;
  const barArea = width - labelWidth - valueWidth;
  const barHeight = 16;
  const gap = 6;
  const values = panel.bars.map((bar) => bar.value).filter(Number.isFinite);
  const max = Math.max(...values, panel.marker?.value ?? 0, 1e-9);
  const parts: string[] = [`<g transform="translate(${x},${y})">`];
  parts.push(`<text x="0" y="14" class="title">${escapeXml(panel.title)}</text>`);
  panel.bars.forEach((bar, index) => {
    const top = 26 + index * (barHeight + gap);
    const length = Number.isFinite(bar.value) ? Math.max(1, (bar.value / max) * barArea) : 0;
    const color = COLORS[bar.label] ?? '#999';
    parts.push(`<text x="${labelWidth - 6}" y="${top + 12}" class="label" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${top}" width="${length.toFixed(1)}" height="${barHeight}" fill="${color}" rx="2"/>`);
    if (bar.secondary !== undefined && Number.isFinite(bar.secondary)) {
      const cpu = Math.max(1, (bar.secondary / max) * barArea);
      parts.push(`<rect x="${labelWidth}" y="${top + barHeight - 4}" width="${cpu.toFixed(1)}" height="4" fill="#222" fill-opacity="0.55"/>`);
    }
    const value = Number.isFinite(bar.value) ? `${bar.value >= 100 ? fmtInt(bar.value) : fmt(bar.value, 1)} ${panel.unit}` : 'n/a';
    parts.push(`<text x="${labelWidth + length + 4}" y="${top + 12}" class="value">${escapeXml(value)}</text>`);
  });
  if (panel.marker) {
    const mx = labelWidth + (panel.marker.value / max) * barArea;
    const bottom = 26 + panel.bars.length * (barHeight + gap);
    parts.push(`<line x1="${mx.toFixed(1)}" y1="22" x2="${mx.toFixed(1)}" y2="${bottom}" class="marker"/>`);
    parts.push(`<text x="${mx.toFixed(1)}" y="${bottom + 12}" class="small" text-anchor="middle">${escapeXml(panel.marker.label)}</text>`);
  }
  parts.push('</g>');
  void height;
  return parts.join('\n');
}

export function renderSvg(results: BenchResults): string {
  const panels: Panel[] = results.scenarios.map((scenario) => ({
    title: `${scenario.title}: p50 client overhead per turn`,
    unit: 'µs',
    bars: scenario.rows.map((row) => ({ label: row.contender, value: row.overheadP50Us, secondary: row.clientCpuP50Us })),
  }));
  if (results.heap.length > 0) {
    panels.push({
      title: 'heap per idle session',
      unit: 'B',
      bars: results.heap.map((row) => ({ label: row.contender, value: row.bytesPerSession })),
      marker: { value: 10_240, label: '10 KB target' },
    });
  }
  if (results.slowParallel.length > 0) {
    panels.push({
      title: '4 parallel 100 ms tools: turn wall time p50',
      unit: 'ms',
      bars: results.slowParallel.map((row) => ({ label: row.contender, value: row.wallP50Ms })),
      marker: { value: 110, label: '110 ms target' },
    });
  }
  const columns = 2;
  const panelWidth = 480;
  const bars = Math.max(...panels.map((panel) => panel.bars.length), 1);
  const panelHeight = 26 + bars * 22 + 30;
  const header = 48;
  const width = columns * panelWidth + 20;
  const height = header + Math.ceil(panels.length / columns) * panelHeight + 10;
  const body = panels.map((panel, index) =>
    renderPanel(panel, 10 + (index % columns) * panelWidth, header + Math.floor(index / columns) * panelHeight, panelWidth - 20, panelHeight),
  );
  const subtitle = `${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}, ${results.date.slice(0, 10)} (${results.mode} run). Lower is better. Overhead = turn wall time − server time; thin dark bar: client CPU per turn.`;
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

export function writeReport(results: BenchResults, directory: string, options: { quiet: boolean; partial: boolean }): void {
  results.targets = checkTargets(results);
  const table = renderTables(results);
  process.stdout.write(`${table}\n`);
  if (options.partial) {
    process.stderr.write('partial run (--scenario/--contender): results.json and chart.svg left unchanged\n');
    return;
  }
  // A quick run's few samples must not replace the full run the README quotes.
  const suffix = results.mode === 'quick' ? '.quick' : '';
  writeFileSync(`${directory}results${suffix}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${directory}chart${suffix}.svg`, renderSvg(results));
  if (!options.quiet) process.stderr.write(`wrote ${directory}results${suffix}.json and ${directory}chart${suffix}.svg\n`);
}
