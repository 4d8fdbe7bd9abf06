import { createInterface } from 'node:readline';
import { bundledTools } from '../../tools/index.js';
import { ToolcycleError } from '../errors.js';
import { createSession } from '../session.js';
import type { ChatCliOptions } from './cli-options.js';
import { connectModel } from './model-connection.js';
import { renderTransition } from './render-trace.js';
import { traceTransitions } from './transition-trace.js';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** A TTY gets a prompt; a pipe gets each question echoed so the transcript reads on its own. */
  interactive: boolean;
}

const EXIT_WORDS = new Set(['exit', 'quit', '退出']);

/**
 * The interactive loop of `toolcycle chat`: one question a line, each lifecycle stage printed as it
 * happens. API and tool problems print one line and the loop goes on; the process exits 0.
 */
export async function runChat(options: ChatCliOptions, io: ChatIo): Promise<void> {
  const print = (line: string) => io.output.write(`${line}\n`);
  const connection = await connectModel({ model: options.model, baseURL: options.baseURL, env: io.env });
  const session = createSession({
    client: connection.client,
    model: connection.model,
    tools: bundledTools,
    parallelToolCalls: options.parallelToolCalls,
    maxSteps: options.maxSteps,
    instructions: 'You are a helpful assistant. Use the tools for weather, time and arithmetic instead of guessing.',
    inspect: traceTransitions((record) => {
      if (options.json) return print(JSON.stringify(record));
      const line = renderTransition(record);
      if (line !== undefined) print(line);
    }),
  });

  if (!options.json) {
    print(`toolcycle chat — using ${connection.description}`);
    print(`Tools: ${bundledTools.map((tool) => tool.name).join(', ')}. Type "exit" to leave, "/retry" to resend a failed request.`);
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
    session.actor.stop();
    await connection.close();
  }
}
