import type { InspectionEvent } from 'xstate';
import { STATES } from '../../machines/lifecycle-states.js';
import { InvalidTurnError, ToolcycleError } from '../conversation/errors.js';
import type { PendingApproval, TurnEvent, TurnResult } from '../conversation/turn-result.js';
import { startInspector, type Inspector } from '../inspector/index.js';
import type { AskOptions, Session } from '../session/create-session.js';
import { stateName } from '../trace/state-name.js';
import { traceTransitions, type TransitionRecord } from '../trace/transition-trace.js';
import { settleApprovals } from './approval-prompt.js';
import { COMMAND_HELP, readCommand } from './chat-commands.js';
import { ChatOutput } from './chat-output.js';
import { CHAT_TOOLS, openChatSession, type ChatSession } from './chat-session.js';
import type { ChatCliOptions } from './cli-options.js';
import { LineInput } from './line-input.js';
import { connectModel } from './model-connection.js';
import { describeLocation } from './session-location.js';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Standard input is a terminal: prompts, line editing, Ctrl-C as a key. A pipe gets each question echoed instead. */
  interactive: boolean;
  /** Standard output is a terminal: lines fit its width, and a tool call being written shows on a live line. */
  terminal?: boolean;
  /** The terminal's width, when it has one. */
  columns?: () => number | undefined;
  /** Notices that must not mix into `--json` output (the inspector's URL). Default: `output`. */
  errorOutput?: NodeJS.WritableStream;
}

/** How the last turn of the run ended; `main` turns it into the exit code. */
export type ChatEnd = 'answered' | 'unanswered' | 'no_turn';

/** Width for output that is not a terminal: `$COLUMNS` if set, else the classic 80. */
const DEFAULT_COLUMNS = 80;

/**
 * The loop of `toolcycle chat`: one question a line, each lifecycle stage printed as it happens,
 * approvals asked for on the way. API and tool problems print one line and the loop goes on.
 */
export async function runChat(options: ChatCliOptions, io: ChatIo): Promise<ChatEnd> {
  const output = new ChatOutput(io.output, {
    json: options.json,
    terminal: io.terminal ?? false,
    width: () => widthOf(io),
    hints: io.interactive,
  });
  const closers: Array<() => unknown> = [];
  let end: ChatEnd = 'no_turn';
  let endTraced = false;
  let lastReported: unknown;

  const report = (error: unknown) => {
    lastReported = error;
    if (error instanceof InvalidTurnError) output.notice(error.reason, error.message);
    else if (error instanceof ToolcycleError) output.notice(error.name, error.message);
    else output.notice('error', `error: ${error instanceof Error ? error.message : String(error)}`);
  };

  try {
    const inspector = options.inspectPort === undefined ? undefined : await openInspector(options.inspectPort);
    if (inspector) closers.push(() => inspector.close());
    const connection = await connectModel({
      model: options.model,
      baseURL: options.baseURL,
      apiKey: io.env.OPENAI_API_KEY || undefined,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
    closers.push(() => connection.close());
    const trace = traceTransitions(
      (record) => {
        end = turnEnd(record) ?? end;
        if (record.kind === 'failed' || record.kind === 'cancelled') endTraced = true;
        output.record(record);
      },
      { tools: CHAT_TOOLS.map((tool) => tool.name) },
    );
    const chat = await openChatSession(options, connection, (event: InspectionEvent) => {
      trace(event);
      inspector?.inspect(event);
    });
    closers.push(() => chat.close());
    const { session } = chat;

    output.line(`toolcycle chat — using ${connection.description}`);
    output.line(`Tools: ${CHAT_TOOLS.map((tool) => tool.name).join(', ')}.${io.interactive ? ' /help lists the commands; "exit" or Ctrl-D leaves.' : ''}`);
    if (inspector) {
      const notice = `Inspector: ${inspector.url} — open it in a browser, then ask something (try: What is the weather in Paris and in Tokyo?)`;
      if (options.json) (io.errorOutput ?? io.output).write(`${notice}\n`);
      else output.line(notice);
    }

    // With --json the prompt goes to the error stream, so standard output stays one JSON object per line.
    const input = new LineInput(io.input, options.json ? (io.errorOutput ?? io.output) : io.output, io.interactive);
    closers.push(() => input.close());
    const approvalIo = { input, output, interactive: io.interactive };

    /** One turn (a question, /retry, a resumed one) to its end, asking for approvals on the way. */
    const runTurn = async (start: ((turnOptions: AskOptions) => Promise<TurnResult>) | 'approvals') => {
      const controller = new AbortController();
      const turnOptions: AskOptions = { signal: controller.signal, onEvent: (event: TurnEvent) => output.event(event) };
      input.onCtrlCWhileBusy = () => controller.abort();
      endTraced = false;
      try {
        let pending: readonly PendingApproval[] = start === 'approvals' ? session.pendingApprovals : (await start(turnOptions)).pendingApprovals;
        while (pending.length > 0) {
          const outcome = await settleApprovals(pending, approvalIo, (decisions) => session.decide(decisions, turnOptions));
          if (outcome.kind === 'interrupted') return session.cancel();
          if (outcome.kind === 'ended') {
            const names = pending.map((call) => call.name).join(', ');
            return output.notice('approval_unanswered', `The input ended before an answer: ${names} did not run${chat.location ? ' (the stored session still waits for approval)' : ''}.`);
          }
          pending = outcome.result.pendingApprovals;
        }
      } catch (error) {
        // A turn that failed or was cancelled said so in the trace; only what never reached the machine is reported here.
        if (!endTraced) report(error);
      } finally {
        input.onCtrlCWhileBusy = () => {};
      }
    };

    await continueStoredTurn(chat, output, io.interactive, runTurn);
    while (isRunning(session)) {
      const read = await input.read('you> ', { onCtrlC: 'end' });
      if (read.kind !== 'line') break;
      const command = readCommand(read.text);
      if (command.kind === 'nothing') continue;
      if (command.kind === 'exit') break;
      if (!io.interactive) output.line(`> ${read.text.trim()}`);
      if (command.kind === 'help') output.notice('help', COMMAND_HELP);
      else if (command.kind === 'unknown') output.notice('unknown_command', `Unknown command ${command.command}: /help lists the commands.`);
      else if (command.kind === 'retry') await runTurn((turnOptions) => session.retry(turnOptions));
      else await runTurn((turnOptions) => session.ask(command.text, turnOptions));
    }
    // A store that failed stopped the session; the conversation is not saved past that point.
    if (!isRunning(session)) end = 'unanswered';
  } finally {
    const failure = await closeAll(closers);
    if (failure !== undefined && failure !== lastReported) {
      report(failure);
      end = 'unanswered';
    }
  }
  return end;
}

/** A stored session may have stopped mid-turn (a crash, a kill), at an approval, or after a failure: say so, and continue it. */
async function continueStoredTurn(
  chat: ChatSession,
  output: ChatOutput,
  interactive: boolean,
  runTurn: (start: ((turnOptions: AskOptions) => Promise<TurnResult>) | 'approvals') => Promise<void>,
): Promise<void> {
  const { session, location } = chat;
  if (!location) return;
  const where = describeLocation(location);
  const questions = session.messages.filter((message) => message.role === 'user').length;
  if (questions === 0) return output.notice('session_new', `Session "${location.sessionId}" is new; it is saved in ${where}.`);
  output.notice('session_resumed', `Continuing session "${location.sessionId}" from ${where} (${questions} earlier question${questions === 1 ? '' : 's'}).`);
  const snapshot = session.actor.getSnapshot();
  if (snapshot.matches(STATES.awaitingApproval)) {
    output.notice('session_awaiting_approval', 'Its last turn waits for your approval.');
    await runTurn('approvals');
  } else if (snapshot.matches(STATES.failed)) {
    const failure = snapshot.context.lastError?.message ?? 'unknown error';
    output.notice('session_failed', `Its last turn failed: ${failure}${interactive && snapshot.context.lastError?.name === 'ApiRequestError' ? ' (/retry resends it)' : ''}`);
  } else if (!snapshot.matches(STATES.idle) && !snapshot.matches(STATES.cancelled)) {
    output.notice('session_interrupted', `Its last turn was interrupted mid-turn (in ${stateName(snapshot.value)}); resuming it.`);
    await runTurn((turnOptions) => session.resume(turnOptions));
  }
}

/** The turn's outcome as far as this record tells it. */
function turnEnd(record: TransitionRecord): ChatEnd | undefined {
  if (record.kind === 'answer') return 'answered';
  if (record.kind === 'failed' || record.kind === 'cancelled' || record.kind === 'approval') return 'unanswered';
  return undefined;
}

function isRunning(session: Session): boolean {
  return session.actor.getSnapshot().status === 'active';
}

function widthOf(io: ChatIo): number {
  const columns = io.terminal ? io.columns?.() : Number(io.env.COLUMNS);
  return columns !== undefined && Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_COLUMNS;
}

/** Closes everything, last opened first; resolves with the first failure, if any. */
async function closeAll(closers: Array<() => unknown>): Promise<unknown> {
  let failure: unknown;
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch (error) {
      failure ??= error;
    }
  }
  return failure;
}

async function openInspector(port: number): Promise<Inspector> {
  try {
    return await startInspector({ port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(
        `the inspector cannot listen on 127.0.0.1:${port}: the port is in use. Pass another one (--inspect 0 picks a free port).`,
      );
    throw error;
  }
}
