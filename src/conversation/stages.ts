/**
 * The five stages of a tool-calling turn. Each state of the lifecycle machine names its stage in
 * `meta.stage`; the CLI trace, the inspector, the diagrams and the `stage` of an error all use these
 * words, so a state can be renamed without any view changing its vocabulary.
 */
export const STAGES = ['connect', 'decide', 'call', 'execute', 'respond'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages that send a request to the model. */
export type RequestStage = Extract<Stage, 'decide' | 'respond'>;

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}
