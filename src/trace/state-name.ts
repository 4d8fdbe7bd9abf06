import type { AnyMachineSnapshot, StateValue } from 'xstate';
import { isStage, type Stage } from '../conversation/stages.js';

/** `{ executing: 'parallel' }` → `executing.parallel`; parallel regions are joined with `,`. */
export function stateName(value: StateValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) =>
      child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${stateName(child)}`,
    )
    .join(',');
}

/** The stage a snapshot is in, read from the states' `meta.stage`: the one place the machine names them. */
export function stageOf(snapshot: Pick<AnyMachineSnapshot, 'getMeta'>): Stage | null {
  let stage: Stage | null = null;
  // getMeta lists the active states from the root down; the deepest one that names a stage wins.
  for (const meta of Object.values(snapshot.getMeta() as Record<string, { stage?: unknown } | undefined>)) {
    if (isStage(meta?.stage)) stage = meta.stage;
  }
  return stage;
}
