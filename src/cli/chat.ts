import type { InspectionEvent } from 'xstate';
import type { Inspector } from '../inspector/index.js';
import { traceTransitions } from '../trace/transition-trace.js';
import { COMMAND_HELP, readCommand } from './chat-commands.js';
import { ChatOutput } from './chat-output.js';
import { toolLabel } from './render-trace.js';
import { listChatTools, openChatSession } from './chat-session.js';
import { ChatTurns, isRunning, type ChatEnd, type TurnStart } from './chat-turns.js';
import type { ChatCliOptions } from './cli-options.js';
import { LineInput } from './line-input.js';
import { connectModel } from './model-connection.js';
import { continueStoredTurn } from './stored-turn.js';

export type { ChatEnd } from './chat-turns.js';

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

/** Width for output that is not a terminal: `$COLUMNS` if set, else the classic 80. */
const DEFAULT_COLUMNS = 80;

/**
 * The loop of `toolcycle chat`: one question a line, each lifecycle stage printed as it happens,
 * approvals asked for on the way. API and tool problems print one line and the loop goes on.
 */
export async function runChat(options: ChatCliOptions, io: ChatIo): Promise<ChatEnd> {
  if (options.durable !== undefined) {
    const { runDurableChat } = await import('./durable-chat.js');
    return runDurableChat(options, options.durable, io);
  }
  const output = new ChatOutput(io.output, { json: options.json, terminal: io.terminal ?? false, width: () => widthOf(io), hints: io.interactive });
  const turns = new ChatTurns(output, io.interactive);
  const closers: Array<() => unknown> = [];
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
    // Filled before each turn (MCP servers may change their tools); the trace reads them as it goes.
    const toolNames: string[] = [];
    const origins = new Map<string, string>();
    const trace = traceTransitions(
      (record) => {
        turns.observe(record);
        output.record(record);
      },
      { tools: toolNames, originOf: (name) => origins.get(name) },
    );
    const chat = await openChatSession(options, connection, (event: InspectionEvent) => {
      trace(event);
      inspector?.inspect(event);
    });
    // The last save happens after the last turn: a failure there has not been said yet.
    closers.push(() => chat.close().catch((error: unknown) => turns.reportSaveFailure(error, chat)));

    output.line(`toolcycle chat — using ${connection.description}`);
    const refreshTools = async () => {
      const { tools, unlisted } = await listChatTools(chat);
      toolNames.splice(0, toolNames.length, ...tools.map((tool) => tool.name));
      origins.clear();
      for (const tool of tools) if (tool.origin !== undefined) origins.set(tool.name, tool.origin);
      return unlisted;
    };
    for (const { server, error } of await refreshTools()) {
      output.notice('mcp_unavailable', `MCP server ${server}: cannot list its tools (${error instanceof Error ? error.message : String(error)}); going on without them.`);
    }
    output.line(`Tools: ${toolNames.map((name) => toolLabel(name, origins.get(name))).join(', ')}.${io.interactive ? ' /help lists the commands; "exit" or Ctrl-D leaves.' : ''}`);
    if (inspector) {
      const notice = `Inspector: ${inspector.url} — open it in a browser, then ask something (try: What is the weather in Paris and in Tokyo?)`;
      if (options.json) (io.errorOutput ?? io.output).write(`${notice}\n`);
      else output.line(notice);
    }

    // With --json the prompt goes to the error stream, so standard output stays one JSON object per line.
    const input = new LineInput(io.input, options.json ? (io.errorOutput ?? io.output) : io.output, io.interactive);
    closers.push(() => input.close());
    const { session } = chat;
    const run = async (start: TurnStart) => {
      await refreshTools();
      await turns.run(chat, input, start);
    };

    await continueStoredTurn(chat, output, io.interactive, run);
    while (isRunning(session)) {
      const read = await input.read('you> ', { onCtrlC: 'end' });
      if (read.kind !== 'line') break;
      const command = readCommand(read.text);
      if (command.kind === 'nothing') continue;
      if (command.kind === 'exit') break;
      if (!io.interactive) output.line(`> ${read.text.trim()}`);
      if (command.kind === 'help') output.notice('help', COMMAND_HELP);
      else if (command.kind === 'unknown') output.notice('unknown_command', `Unknown command ${command.command}: /help lists the commands.`);
      else if (command.kind === 'retry') await run((turnOptions) => session.retry(turnOptions));
      else await run((turnOptions) => session.ask(command.text, turnOptions));
    }
  } finally {
    const failure = await closeAll(closers);
    if (failure !== undefined) {
      turns.report(failure);
      turns.end = 'unanswered';
    }
  }
  return turns.end;
}

export function widthOf(io: ChatIo): number {
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
  // Loaded only for --inspect: its server and page are not needed otherwise.
  const { startInspector } = await import('../inspector/index.js');
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
