import { STAGES, type Stage } from 'toolcycle';

const LABELS: Record<Stage, string> = { connect: 'Connect', decide: 'Decide', call: 'Call', execute: 'Execute', respond: 'Respond' };

/** The five stages of a turn: the current one lit, the ones this turn went through marked. */
export function StageStrip({ current, visited }: { current: Stage | null; visited: readonly Stage[] }) {
  return (
    <ol className="stages" aria-label="Stages of the turn">
      {STAGES.map((stage) => {
        const lit = stage === current ? 'current' : visited.includes(stage) ? 'visited' : 'off';
        return (
          <li key={stage} className={`stage stage-${lit}`} data-stage-chip={stage} data-lit={lit} aria-current={lit === 'current' ? 'step' : undefined}>
            {LABELS[stage]}
          </li>
        );
      })}
    </ol>
  );
}
