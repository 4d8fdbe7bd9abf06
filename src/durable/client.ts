import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import pg from 'pg';
import type { StateValue } from 'xstate';
import { InvalidOptionsError, InvalidTurnError, turnErrorFromData } from '../conversation/errors.js';
import type { TurnResult } from '../conversation/turn-result.js';
import type { Decision } from '../session/create-session.js';
import { createPostgresStore } from '../stores/postgres-store.js';
import { DBOSClient, dbosDatabaseUrl, withDbRetry, type DBOSClientType } from './dbos.js';
import { DECISION_TOPIC, decisionEventOf, DEFAULT_APP_NAME, queueNameOf, STOP_EVENT, TURN_WORKFLOW_NAME, applicationVersionOf, turnWorkflowId } from './durable-names.js';
import { ensureDurableSchema } from './durable-schema.js';
import type { DecisionMessage, DecisionVerdict, DurableTurnInput, DurableTurnOptions, TurnStop } from './durable-turn.js';
import { DurableTurnError } from './durable-turn-error.js';
import { readTurnInput } from './read-turn-input.js';
import { TurnNotices } from './turn-notices.js';

export interface DurableClientOptions {
  databaseUrl: string;
  /** The workers' `appName` (default `toolcycle`). */
  appName?: string;
  /** The workers' `queueName` (default `<appName>.turns`). */
  queueName?: string;
  /** How often a waiting client looks again when no notice woke it. Default 1000 ms. */
  fallbackPollMs?: number;
}

export interface TurnSubmission {
  conversationId: string;
  /** Default: the conversation's next turn. The same number submitted again is the same turn: its message is not sent twice. */
  turn?: number;
  message: string;
  options: DurableTurnOptions;
}

/** A submitted turn, in whatever process submitted it or any other. */
export interface DurableTurn {
  readonly conversationId: string;
  readonly turn: number;
  readonly workflowId: string;
  /**
   * Resolves at the turn's latest stop: its answer, or (`stopReason: "approval_required"`) the calls
   * that wait for `decide`. Rejects with the turn's `TurnError` (as `session.ask` would) or a
   * `DurableTurnError` if its workflow failed.
   */
  result(): Promise<TurnResult>;
  /** Answers the calls that wait for approval, from any process; resolves at the turn's next stop. */
  decide(decisions: Readonly<Record<string, Decision>>): Promise<TurnResult>;
}

export interface DurableConversation {
  /** Finished turns. */
  turns: number;
  state: StateValue;
  messages: ChatCompletionMessageParam[];
}

export interface DurableClient {
  /** Enqueues a turn for the workers and returns at once. Throws `InvalidTurnError` for a turn that cannot be next. */
  submit(submission: TurnSubmission): Promise<DurableTurn>;
  /** `submit` the conversation's next turn and wait for its result. */
  ask(conversationId: string, message: string, options: DurableTurnOptions): Promise<TurnResult>;
  /** A turn submitted earlier, by any process. */
  turn(conversationId: string, turn: number): DurableTurn;
  /** The conversation after its last finished turn; undefined before its first. */
  conversation(conversationId: string): Promise<DurableConversation | undefined>;
  close(): Promise<void>;
}

/**
 * Connects to the workers' PostgreSQL to submit turns and wait for them. Needs no tools and no model
 * client: those live in the workers.
 */
export async function connectDurable(options: DurableClientOptions): Promise<DurableClient> {
  if (typeof options?.databaseUrl !== 'string' || options.databaseUrl === '') throw new InvalidOptionsError('Pass databaseUrl: a postgres:// URL.', 'databaseUrl');
  const appName = options.appName ?? DEFAULT_APP_NAME;
  const queueName = options.queueName ?? queueNameOf(appName);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  const store = createPostgresStore({ pool });
  const notices = new TurnNotices(options.databaseUrl, options.fallbackPollMs ?? 1000);
  let dbos: DBOSClientType | undefined;
  try {
    await ensureDurableSchema(pool, store, options.databaseUrl);
    dbos = await DBOSClient.create({ systemDatabaseUrl: dbosDatabaseUrl(options.databaseUrl), applicationName: appName });
    await notices.start();
  } catch (error) {
    await dbos?.destroy();
    await notices.close();
    await pool.end();
    throw error;
  }
  const system = dbos;

  const latestStop = (workflowId: string) => system.getEvent<TurnStop>(workflowId, STOP_EVENT, { timeoutSeconds: 0 });

  /**
   * Looks until `look` finds something, woken by the workers' notices. When no notice came for
   * `fallbackPollMs`, it also checks that the workflow has not failed (a notice never comes then). A
   * lost database connection is waited out (a PostgreSQL restart), as DBOS does.
   */
  const waitFor = async <T>(workflowId: string, look: () => Promise<T | undefined>): Promise<T> => {
    let woken: 'notice' | 'timeout' = 'notice';
    for (;;) {
      const wake = notices.next(workflowId);
      try {
        const found = await withDbRetry(look);
        if (found !== undefined) return found;
        if (woken === 'timeout') await withDbRetry(() => failIfWorkflowEnded(system, workflowId));
      } catch (error) {
        wake.cancel();
        throw error;
      }
      woken = await wake.promise;
    }
  };

  const stopAfter = (workflowId: string, seq: number) =>
    waitFor(workflowId, async () => {
      const stop = await latestStop(workflowId);
      return stop && stop.seq > seq ? stop : undefined;
    });

  const decide = async (workflowId: string, decisions: Readonly<Record<string, Decision>>): Promise<TurnResult> => {
    const waiting = await latestStop(workflowId);
    if (!waiting || waiting.final) throw new InvalidTurnError('Nothing to decide: no call of this turn waits for approval.', 'nothing_to_decide');
    const decisionId = crypto.randomUUID();
    const message: DecisionMessage = { decisionId, decisions: asJson(decisions) };
    await system.send(workflowId, message, DECISION_TOPIC, decisionId, { serializationType: 'portable' });
    const verdict = await waitFor(workflowId, async () => {
      const answer = await system.getEvent<DecisionVerdict>(workflowId, decisionEventOf(decisionId), { timeoutSeconds: 0 });
      if (answer) return answer;
      const now = await latestStop(workflowId);
      if (now && now.seq > waiting.seq) throw new InvalidTurnError('The calls were decided by another decision first.', 'nothing_to_decide');
      return undefined;
    });
    if (!verdict.accepted) throw turnErrorFromData(verdict.error);
    return resultOf(await stopAfter(workflowId, verdict.stopSeq));
  };

  const turn = (conversationId: string, number: number): DurableTurn => {
    const workflowId = turnWorkflowId(conversationId, number);
    return {
      conversationId,
      turn: number,
      workflowId,
      result: async () => resultOf(await stopAfter(workflowId, 0)),
      decide: (decisions) => decide(workflowId, decisions),
    };
  };

  const submit = async (submission: TurnSubmission): Promise<DurableTurn> => {
    const read = readTurnInput({ ...submission, turn: submission?.turn ?? 1 });
    if (!read.ok) throw turnErrorFromData(read.error);
    const { conversationId, message, options: turnOptions } = read.input;
    const finished = (await store.load(conversationId))?.version ?? 0;
    const number = submission.turn ?? finished + 1;
    if (number <= finished) return turn(conversationId, number);
    if (number > finished + 1) {
      throw new InvalidTurnError(`Turn ${number} cannot be submitted yet: conversation ${conversationId} has finished ${finished}, so turn ${finished + 1} comes next.`, 'turn_in_progress');
    }
    const workflowID = turnWorkflowId(conversationId, number);
    if (submission.turn === undefined && (await system.getWorkflow(workflowID))) {
      throw new InvalidTurnError(`Turn ${number} of conversation ${conversationId} is still running: wait for it (or decide its approvals) first.`, 'turn_in_progress');
    }
    const input: DurableTurnInput = { conversationId, turn: number, message, options: turnOptions };
    // The same workflow id again returns the existing workflow: a turn is enqueued once. Plain JSON, as everything a turn records (see DBOSPortableJSON).
    await system.enqueue({ queueName, workflowName: TURN_WORKFLOW_NAME, workflowID, appVersion: applicationVersionOf(appName), serializationType: 'portable' }, input);
    return turn(conversationId, number);
  };

  return {
    submit,
    ask: async (conversationId, message, turnOptions) => (await submit({ conversationId, message, options: turnOptions })).result(),
    turn,
    conversation: async (conversationId) => {
      const stored = await store.load(conversationId);
      return stored && { turns: stored.version, state: stored.snapshot.state, messages: stored.snapshot.context.messages };
    },
    close: async () => {
      await notices.close();
      await system.destroy();
      await pool.end();
    },
  };
}

function resultOf(stop: TurnStop): TurnResult {
  if (stop.outcome.ok) return stop.outcome.result;
  throw turnErrorFromData(stop.outcome.error);
}

const FAILED = new Set(['ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED']);

async function failIfWorkflowEnded(system: DBOSClientType, workflowId: string): Promise<void> {
  const status = await system.getWorkflow(workflowId);
  if (!status) throw new DurableTurnError(`There is no turn ${workflowId}.`, workflowId, null);
  if (!FAILED.has(status.status)) return;
  const detail = await system
    .retrieveWorkflow(workflowId)
    .getResult()
    .then(
      () => '',
      (error: unknown) => `: ${error instanceof Error ? error.message : String(error)}`,
    );
  throw new DurableTurnError(`The turn's workflow ${workflowId} ended as ${status.status}${detail}`, workflowId, status.status);
}

function asJson(decisions: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(decisions)) as unknown;
  } catch {
    throw new InvalidTurnError('The decisions cannot be sent as JSON.', 'invalid_decision');
  }
}
