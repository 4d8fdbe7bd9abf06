import { InvalidTurnError, ToolcycleError } from '../conversation/errors.js';
import type { TurnResult } from '../conversation/turn-result.js';
import type { DurableClient, DurableTurn } from '../durable/index.js';
import { settleApprovals } from './approval-prompt.js';
import { widthOf, type ChatIo } from './chat.js';
import { readCommand } from './chat-commands.js';
import { ChatOutput } from './chat-output.js';
import type { ChatEnd } from './chat-turns.js';
import type { ChatCliOptions } from './cli-options.js';
import { clipToWidth } from './display-width.js';
import { LineInput } from './line-input.js';

/** The model named in each turn when `--model` is not given: the workers' client decides where it goes. */
const DEFAULT_DURABLE_MODEL = 'gpt-4o-mini';

/**
 * `toolcycle chat --durable URL`: the same chat, with every turn run by `toolcycle worker`
 * processes on that PostgreSQL. The workers hold the model connection and the tools, so this process
 * only submits turns, waits for their stops and answers approvals. The stages run in a worker, so
 * what is printed is each turn's outcome — its calls and the answer — not the live trace.
 */
export async function runDurableChat(options: ChatCliOptions, databaseUrl: string, io: ChatIo): Promise<ChatEnd> {
  const width = () => widthOf(io);
  const output = new ChatOutput(io.output, { json: options.json, terminal: false, width, hints: io.interactive });
  // Loaded only here: DBOS and pg are optional peers that a plain chat never needs.
  const { connectDurable } = await import('../durable/index.js');
  const durable = await connectDurable({ databaseUrl, ...(options.appName === undefined ? {} : { appName: options.appName }) });
  const input = new LineInput(io.input, options.json ? (io.errorOutput ?? io.output) : io.output, io.interactive);
  let end: ChatEnd = 'no_turn';
  try {
    const conversationId = options.conversation ?? `chat-${crypto.randomUUID()}`;
    const stored = await durable.conversation(conversationId);
    output.line(`toolcycle chat — turns run by the workers on ${redactPassword(databaseUrl)}`);
    output.notice(
      'durable_conversation',
      stored
        ? `Continuing conversation ${conversationId} (${stored.turns} turn(s), ${stored.messages.length} messages).`
        : `Conversation ${conversationId} (continue it later with --conversation ${conversationId}).`,
    );
    const turnOptions = {
      model: options.model ?? DEFAULT_DURABLE_MODEL,
      parallelToolCalls: options.parallelToolCalls,
      ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    };
    for (;;) {
      const read = await input.read('you> ', { onCtrlC: 'end' });
      if (read.kind !== 'line') break;
      const command = readCommand(read.text);
      if (command.kind === 'nothing') continue;
      if (command.kind === 'exit') break;
      if (!io.interactive) output.line(`> ${read.text.trim()}`);
      if (command.kind !== 'ask') {
        output.notice('unknown_command', 'With --durable, a line is a question; "exit" or Ctrl-D leaves.');
        continue;
      }
      end = await runTurn(durable, { conversationId, message: command.text, options: turnOptions }, { input, output, interactive: io.interactive, width });
    }
  } finally {
    input.close();
    await durable.close();
  }
  return end;
}

async function runTurn(
  durable: DurableClient,
  submission: Parameters<DurableClient['submit']>[0],
  { input, output, interactive, width }: { input: LineInput; output: ChatOutput; interactive: boolean; width: () => number },
): Promise<ChatEnd> {
  let turn: DurableTurn | undefined;
  try {
    turn = await durable.submit(submission);
    output.line(`  turn     ${turn.turn} of ${turn.conversationId}, queued for the workers`);
    let result = await turn.result();
    const printed = new Set<string>();
    for (;;) {
      printCalls(result, printed, output, width());
      if (result.pendingApprovals.length === 0) break;
      const submitted = turn;
      const outcome = await settleApprovals(result.pendingApprovals, { input, output, interactive }, (decisions) => submitted.decide(decisions));
      if (outcome.kind !== 'decided') {
        output.notice('approval_pending', `The turn waits for approval on the workers; decide it later with durable.turn("${turn.conversationId}", ${turn.turn}).decide(…).`);
        return 'unanswered';
      }
      result = outcome.result;
    }
    output.jsonLine({ kind: 'notice', code: 'durable_answer', message: result.content });
    output.line('');
    output.line(result.content);
    output.line('');
    output.line(`  respond  ${result.stopReason} · ${result.usage.totalTokens} tokens · ${result.steps} step(s)`);
    return result.stopReason === 'stop' ? 'answered' : 'unanswered';
  } catch (error) {
    const code = error instanceof InvalidTurnError ? error.reason : error instanceof ToolcycleError ? error.name : 'error';
    output.notice(code, `error: ${error instanceof Error ? error.message : String(error)}`);
    return 'unanswered';
  }
}

/** The calls of the turn settled so far, each once: a turn that waited for approval is printed in parts. */
function printCalls(result: TurnResult, printed: Set<string>, output: ChatOutput, width: number): void {
  for (const call of result.toolCalls) {
    if (printed.has(call.id) || (call.result === undefined && call.error === undefined)) continue;
    printed.add(call.id);
    const outcome = call.error ? `✗ ${call.error.kind}: ${call.error.message}` : `→ ${JSON.stringify(call.result)}`;
    output.line(clipToWidth(`  execute  ${call.name} ${JSON.stringify(call.arguments)} ${outcome}`, width));
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
