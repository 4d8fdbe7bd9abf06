/** What a line typed at the question prompt asks for. */
export type ChatCommand =
  | { kind: 'ask'; text: string }
  | { kind: 'nothing' }
  | { kind: 'exit' }
  | { kind: 'help' }
  | { kind: 'retry' }
  | { kind: 'unknown'; command: string };

const EXIT_WORDS = new Set(['exit', 'quit', '退出']);

export const COMMAND_HELP = `Commands:
  /help              this list
  /retry             send the request that failed again, exactly as it was
  exit, quit, 退出   leave (so does Ctrl-D; Ctrl-C too, at the prompt)
Anything else is a question for the model. Ctrl-C during a turn cancels it.`;

/** A line starting with "/" and a letter is a command, never a question for the model. */
export function readCommand(line: string): ChatCommand {
  const text = line.trim();
  if (text === '') return { kind: 'nothing' };
  if (EXIT_WORDS.has(text.toLowerCase())) return { kind: 'exit' };
  if (!/^\/\p{L}/u.test(text)) return { kind: 'ask', text };
  const command = text.toLowerCase();
  if (command === '/help') return { kind: 'help' };
  if (command === '/retry') return { kind: 'retry' };
  return { kind: 'unknown', command: text };
}
