/** The demo's two knobs, from the page's URL: `?latency=700&pace=30`. */
export interface DemoSettings {
  /** About how long each weather or time lookup takes, in ms, so parallel calls can be seen running side by side. */
  toolLatencyMs: number;
  /** The pause between streamed events, in ms: the offline model answers at once, this lets you watch the text arrive. */
  streamPaceMs: number;
}

const DEFAULTS: DemoSettings = { toolLatencyMs: 700, streamPaceMs: 30 };
const LONGEST_MS = 600_000;

/** Anything but a whole number of ms from 0 to 10 minutes keeps the default. */
function milliseconds(value: string | null, fallback: number): number {
  const parsed = value === null || value.trim() === '' ? Number.NaN : Number(value);
  return Number.isInteger(parsed) && parsed >= 0 && parsed <= LONGEST_MS ? parsed : fallback;
}

export function demoSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search);
  return {
    toolLatencyMs: milliseconds(params.get('latency'), DEFAULTS.toolLatencyMs),
    streamPaceMs: milliseconds(params.get('pace'), DEFAULTS.streamPaceMs),
  };
}
