/**
 * What the interleaved rounds time: blocks of cells. A block is one scenario in one mode (fresh
 * conversation, long-lived session, fixed prior history, streamed), a cell one contender in it.
 * Cells of a block are compared side by side, round by round (interleave.ts).
 */
import type { Answer, Contender, ContenderInstance, Conversation } from './contenders/types.js';
import { priorHistory } from './history.js';
import { SCENARIOS, type Scenario, type ScenarioId } from './scenarios.js';

export type Group = 'fresh' | 'long-lived' | 'history' | 'streaming';

/** One timed turn, set up (untimed) by `Cell.next`. */
export interface PreparedTurn {
  run(onToken: () => void): Answer;
  /** Untimed cleanup after the turn. */
  after?(): void;
}

export interface Cell {
  /** The row's name: the contender, or the contender and how it streams. */
  name: string;
  next(): PreparedTurn;
  /** Ends what the cell keeps between turns. */
  dispose(): void;
}

export interface Block {
  /** `fresh:one_tool`, `long-lived:chain3`, `history:5000`, `streaming:stream_direct`: also what profile.ts takes. */
  id: string;
  group: Group;
  title: string;
  scenario: Scenario;
  /** Prior messages in each turn's conversation (history blocks). */
  historySize?: number;
  /** Turns per cell per round, when not the schedule's. */
  batch?: number;
  cells: Cell[];
}

export interface BlockPlan {
  scenarios: ScenarioId[];
  streamScenarios: ScenarioId[];
  historySizes: readonly number[];
  /** A long-lived conversation starts over after this many turns, so its history stays short and bounded. */
  longLivedTurns: number;
  /**
   * Turns per cell per round in the history blocks: a long history's turn is mostly JSON both
   * contenders do alike, and its garbage collections are large; the difference wants more turns.
   */
  historyBatch: number;
}

const HISTORY_CONTENDERS = ['plain loop', 'toolcycle'];

export function planBlocks(contenders: readonly { contender: Contender; instance: ContenderInstance }[], plan: BlockPlan): Block[] {
  const blocks: Block[] = [];
  for (const id of plan.scenarios) {
    const scenario = SCENARIOS[id];
    blocks.push({
      id: `fresh:${id}`,
      group: 'fresh',
      title: scenario.title,
      scenario,
      cells: contenders.map(({ contender, instance }) => stateless(contender.name, () => instance.turn(scenario))),
    });
  }
  for (const id of plan.scenarios) {
    const scenario = SCENARIOS[id];
    blocks.push({
      id: `long-lived:${id}`,
      group: 'long-lived',
      title: scenario.title,
      scenario,
      cells: contenders.map(({ contender, instance }) => longLived(contender.name, () => instance.conversation(scenario), plan.longLivedTurns)),
    });
  }
  const withHistory = contenders.filter(({ contender }) => HISTORY_CONTENDERS.includes(contender.name));
  for (const size of plan.historySizes) {
    const scenario = SCENARIOS.one_tool;
    const history = priorHistory(size);
    blocks.push({
      id: `history:${size}`,
      group: 'history',
      title: `${size.toLocaleString('en-US')} prior messages`,
      scenario,
      historySize: size,
      batch: plan.historyBatch,
      // Long-lived, started over every `longLivedTurns` turns: each turn runs on `size` to `size` + 4 × 9
      // messages, and the untimed setup (toolcycle checks and copies the history) and the garbage it
      // leaves are spread over those turns, as they are for a session an app keeps.
      cells: withHistory.map(({ contender, instance }) => longLived(contender.name, () => instance.conversation(scenario, history), plan.longLivedTurns)),
    });
  }
  for (const id of plan.streamScenarios) {
    const scenario = SCENARIOS[id];
    blocks.push({
      id: `streaming:${id}`,
      group: 'streaming',
      title: scenario.title,
      scenario,
      cells: contenders.flatMap(({ instance }) => instance.streamed.map((streamed) => stateless(streamed.name, (onToken) => streamed.run(scenario, onToken)))),
    });
  }
  return blocks;
}

function stateless(name: string, run: (onToken: () => void) => Answer): Cell {
  return { name, next: () => ({ run }), dispose: () => undefined };
}

function longLived(name: string, open: () => Conversation, turnsPerConversation: number): Cell {
  let conversation: Conversation | undefined;
  let turns = 0;
  return {
    name,
    next() {
      if (!conversation || turns === turnsPerConversation) {
        conversation?.close();
        conversation = open();
        turns = 0;
      }
      turns += 1;
      const current = conversation;
      return { run: () => current.turn() };
    },
    dispose: () => conversation?.close(),
  };
}
