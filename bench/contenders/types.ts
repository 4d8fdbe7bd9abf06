import type { Scenario } from '../scenarios.js';

export interface ContenderInstance {
  /** One fresh conversation: the prompt, every tool round, the final answer. Resolves to the answer. */
  turn(scenario: Scenario): Promise<string | null | undefined>;
  /**
   * The closest thing this library has to an idle conversation/session object, created the way
   * an app would create one per user (for the heap-per-idle-session measurement).
   */
  idleSession(): unknown;
  /** What `idleSession` holds, for the report. */
  sessionNote: string;
}

export interface Contender {
  name: string;
  /** npm packages whose versions the report records. */
  packages: string[];
  create(baseURL: string): Promise<ContenderInstance>;
}

/** Fake key: the server is local, but every SDK insists on one. */
export const API_KEY = 'bench-key';
