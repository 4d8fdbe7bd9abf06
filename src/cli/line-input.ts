import { createInterface, type Interface } from 'node:readline';

export type LineRead = { kind: 'line'; text: string } | { kind: 'end' } | { kind: 'interrupted' };

export interface ReadOptions {
  /** Text already on the line for the person to edit (a terminal only). */
  prefill?: string;
  /** Ctrl-C at this prompt ends the input ('end', the question prompt) or only this question ('interrupt'). */
  onCtrlC: 'end' | 'interrupt';
}

/**
 * The lines a person types or a pipe sends, handed out one at a time to whoever asks next: the chat
 * loop for questions, the approval prompt for answers. So in a pipe an approval's answer is simply
 * the next line. Lines that arrive while nobody asks (typed ahead, or a whole pipe at once) wait.
 */
export class LineInput {
  readonly #lines: Interface;
  readonly #output: NodeJS.WritableStream;
  readonly #interactive: boolean;
  readonly #queued: string[] = [];
  #closed = false;
  #waiting: { resolve(read: LineRead): void; onCtrlC: ReadOptions['onCtrlC'] } | undefined;
  /** A prompt is on the screen with the cursor after it: ending there must end its line first. */
  #promptShown = false;
  /** What Ctrl-C does while nothing is being asked: cancel the turn in progress. */
  onCtrlCWhileBusy: () => void = () => {};

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, interactive: boolean) {
    this.#output = output;
    this.#interactive = interactive;
    this.#lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    this.#lines.on('line', (text: string) => {
      this.#promptShown = false;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting.resolve({ kind: 'line', text });
      else this.#queued.push(text);
    });
    this.#lines.on('close', () => {
      this.#closed = true;
      this.#endPromptLine();
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.resolve({ kind: 'end' });
    });
    // Emitted only for a terminal (readline reads Ctrl-C as a key there); in a pipe SIGINT keeps its usual meaning.
    this.#lines.on('SIGINT', () => {
      const waiting = this.#waiting;
      if (!waiting) return this.onCtrlCWhileBusy();
      if (waiting.onCtrlC === 'end') return this.#lines.close();
      this.#waiting = undefined;
      this.#endPromptLine();
      waiting.resolve({ kind: 'interrupted' });
    });
  }

  read(prompt: string, options: ReadOptions): Promise<LineRead> {
    const queued = this.#queued.shift();
    if (queued !== undefined) return Promise.resolve({ kind: 'line', text: queued });
    if (this.#closed) return Promise.resolve({ kind: 'end' });
    return new Promise((resolve) => {
      this.#waiting = { resolve, onCtrlC: options.onCtrlC };
      if (!this.#interactive) return;
      this.#lines.setPrompt(prompt);
      this.#lines.prompt();
      if (options.prefill) this.#lines.write(options.prefill);
      this.#promptShown = true;
    });
  }

  close(): void {
    this.#lines.close();
  }

  /**
   * Moves past a prompt that gets no line, so what comes next (the shell's prompt, the next question)
   * starts on a line of its own. Text typed there is deleted first (readline's Ctrl-E, Ctrl-U), or
   * it would reappear at the next prompt.
   */
  #endPromptLine(): void {
    if (!this.#promptShown) return;
    this.#promptShown = false;
    if (!this.#closed) {
      this.#lines.write(null, { ctrl: true, name: 'e' });
      this.#lines.write(null, { ctrl: true, name: 'u' });
    }
    this.#output.write('\n');
  }
}
