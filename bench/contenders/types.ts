import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Scenario } from '../scenarios.js';

export type Answer = Promise<string | null | undefined>;

/** A long-lived conversation of one scenario: each `turn` adds the prompt and runs it to an answer. */
export interface Conversation {
  turn(): Answer;
  /** Ends the conversation (toolcycle: stops the session; others: drops what they keep). */
  close(): void;
}

export interface ContenderInstance {
  /** One fresh conversation: the prompt, every tool round, the final answer. Resolves to the answer. */
  turn(scenario: Scenario): Answer;
  /**
   * A conversation that lives across turns, the way an app keeps one per user. `history` (prior
   * messages in Chat Completions form) is taken by the contenders that speak that form natively
   * (the plain loop, toolcycle); the others throw if given one.
   */
  conversation(scenario: Scenario, history?: readonly ChatCompletionMessageParam[]): Conversation;
  /** Ways to run one fresh conversation with streamed replies (`stream: true`); none if the bench does not stream this contender. */
  streamed: StreamedTurn[];
  /**
   * The closest thing this library has to an idle conversation/session object, created the way
   * an app would create one per user (for the heap-per-idle-session measurement).
   */
  idleSession(): unknown;
  /** What `idleSession` holds, for the report. */
  sessionNote: string;
}

/** `run` calls `onToken` for every content delta of the answer as it arrives. */
export interface StreamedTurn {
  /** The row's name in the report: the contender's name, or with how it streams when it has several ways. */
  name: string;
  run(scenario: Scenario, onToken: () => void): Answer;
}

export interface Contender {
  name: string;
  /** npm packages whose versions the report records. */
  packages: string[];
  create(baseURL: string): Promise<ContenderInstance>;
}

/** Fake key: the server is local, but every SDK insists on one. */
export const API_KEY = 'bench-key';

/** For contenders whose conversations keep history in their own format. */
export function refuseHistory(contender: string, history: readonly unknown[] | undefined): void {
  if (history && history.length > 0) throw new Error(`${contender}: prior history is measured for the plain loop and toolcycle only`);
}
