import { createInterface } from 'node:readline';
import type { InspectionEvent } from 'xstate';
import { bundledTools } from '../../tools/index.js';
import { ToolcycleError } from '../conversation/errors.js';
import { startInspector, type Inspector } from '../inspector/index.js';
import { createSession } from '../session/create-session.js';
import type { ChatCliOptions } from './cli-options.js';
import { connectModel } from './model-connection.js';
import { renderTransition } from './render-trace.js';
import { traceTransitions } from '../trace/transition-trace.js';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** A TTY gets a prompt; a pipe gets each question echoed so the transcript reads on its own. */
  interactive: boolean;
  /** Notices that must not mix into `--json` output (the inspector's URL). Default: `output`. */
  errorOutput?: NodeJS.WritableStream;
}

const EXIT_WORDS = new Set(['exit', 'quit', '退出']);

/**
 * The interactive loop of `toolcycle chat`: one question a line, each lifecycle stage printed as it
 * happens. API and tool problems print one line and the loop goes on; the process exits 0.
 */
export async function runChat(options: ChatCliOptions, io: ChatIo): Promise<void> {
  const print = (line: string) => io.output.write(`${line}\n`);
  const inspector = options.inspectPort === undefined ? undefined : await openInspector(options.inspectPort);
  let connection;
  try {
    connection = await connectModel({ model: options.model, baseURL: options.baseURL, env: io.env });
  } catch (error) {
    await inspector?.close();
    throw error;
  }
  const trace = traceTransitions(
    (record) => {
      if (options.json) return print(JSON.stringify(record));
      const line = renderTransition(record);
      if (line !== undefined) print(line);
    },
    { tools: bundledTools.map((tool) => tool.name) },
  );
  const session = createSession({
    client: connection.client,
    model: connection.model,
    tools: bundledTools,
    parallelToolCalls: options.parallelToolCalls,
    maxSteps: options.maxSteps,
    instructions: 'You are a helpful assistant. Use the tools for weather, time and arithmetic instead of guessing.',
    inspect: (event: InspectionEvent) => {
      trace(event);
      inspector?.inspect(event);
    },
  });

  if (!options.json) {
    print(`toolcycle chat — using ${connection.description}`);
    print(
      `Tools: ${bundledTools.map((tool) => tool.name).join(', ')}. Type "exit" to leave, "/retry" to resend a failed request.`,
    );
  }
  if (inspector) {
    const notice = `Inspector: ${inspector.url} — open it in a browser, then ask something (try: What is the weather in Paris and in Tokyo?)`;
    if (options.json) (io.errorOutput ?? io.output).write(`${notice}\n`);
    else print(notice);
  }
  const lines = createInterface({ input: io.input, output: io.interactive ? io.output : undefined, terminal: io.interactive });
  const prompt = () => io.interactive && lines.prompt();
  lines.setPrompt('you> ');

  // Ctrl+C during a turn cancels the turn; at the prompt it leaves.
  let turn: AbortController | undefined;
  lines.on('SIGINT', () => (turn ? turn.abort() : lines.close()));

  try {
    prompt();
    for await (const line of lines) {
      const question = line.trim();
      if (EXIT_WORDS.has(question.toLowerCase())) break;
      if (question === '') {
        prompt();
        continue;
      }
      if (!io.interactive && !options.json) print(`> ${question}`);
      turn = new AbortController();
      try {
        const signal = turn.signal;
        const result = await (question === '/retry' ? session.retry({ signal }) : session.ask(question, { signal }));
        if (!options.json) print(`\n${result.content}\n`);
      } catch (error) {
        // Turn errors were already printed by the trace, as one line; anything else is ours to say.
        if (!(error instanceof ToolcycleError)) print(`error: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        turn = undefined;
      }
      prompt();
    }
  } finally {
    lines.close();
    session.stop();
    await connection.close();
    await inspector?.close();
  }
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
