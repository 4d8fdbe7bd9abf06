import type { TurnEvent } from '../conversation/turn-result.js';
import type { TransitionRecord } from '../trace/transition-trace.js';
import { clipToWidth } from './display-width.js';
import { recordJson, type CliJsonLine } from './json-lines.js';
import { renderTransition } from './render-trace.js';

export interface ChatOutputOptions {
  json: boolean;
  /** Standard output is a terminal: the tool call the model is writing is shown on a line redrawn in place. */
  terminal: boolean;
  /** Columns to fit lines into. */
  width(): number;
  /** Suggest commands ("/retry resends it"): only to a person at a prompt. */
  hints: boolean;
}

const TURN_ENDS: ReadonlySet<TransitionRecord['kind']> = new Set(['answer', 'failed', 'cancelled']);
/** Back to the start of the line and erase it: the one cursor movement used, and only on a terminal. */
const ERASE_LINE = '\r\x1b[K';

/**
 * Everything the chat prints goes through here, so streamed text, trace lines and notices never run
 * into each other. Either way a turn reads: the trace lines, a blank line, the answer, a blank line,
 * the `answer` trace line. Streamed text is printed as it arrives and never rewritten; only the live
 * "writing" line of a tool call (terminal only) is, until the trace line of the finished call replaces it.
 */
export class ChatOutput {
  readonly #out: NodeJS.WritableStream;
  readonly #options: ChatOutputOptions;
  #atLineStart = true;
  /** Answer text was streamed since the last trace line. */
  #streamed = false;
  /** The tool calls the model is writing in the current reply, by index. */
  readonly #writing = new Map<number, { name: string; arguments: string }>();
  #liveLine = false;

  constructor(out: NodeJS.WritableStream, options: ChatOutputOptions) {
    this.#out = out;
    this.#options = options;
  }

  get json(): boolean {
    return this.#options.json;
  }

  /** A line of the CLI's own, for people: not printed with `--json`. */
  line(text: string): void {
    if (this.#options.json) return;
    this.#settle();
    this.#write(`${text}\n`);
  }

  /** Something the CLI says: a line, or with `--json` a `notice` line with a code scripts can test. */
  notice(code: string, message: string): void {
    if (this.#options.json) this.jsonLine({ kind: 'notice', code, message });
    else this.line(message);
  }

  jsonLine(line: CliJsonLine): void {
    if (this.#options.json) this.#write(`${JSON.stringify(line)}\n`);
  }

  record(record: TransitionRecord): void {
    if (this.#options.json) return this.#write(`${recordJson(record)}\n`);
    const streamed = this.#streamed;
    this.#settle();
    this.#writing.clear();
    if (record.kind === 'answer' && !streamed && record.content !== '') this.#write(`\n${record.content}\n\n`);
    const text = renderTransition(record, { width: this.#options.width(), hints: this.#options.hints });
    if (text !== undefined) this.#write(`${text}\n`);
    if (TURN_ENDS.has(record.kind)) this.#write('\n');
  }

  /** A turn event as it happens (streaming): answer text is printed as it comes. */
  event(event: TurnEvent): void {
    if (this.#options.json) return;
    if (event.type === 'content.delta' && event.delta !== '') {
      this.#eraseLiveLine();
      if (!this.#streamed) {
        this.#write(this.#atLineStart ? '\n' : '\n\n');
        this.#streamed = true;
      }
      this.#write(event.delta);
    } else if (event.type === 'tool_call.started' && this.#options.terminal) {
      this.#writing.set(event.index, { name: event.name, arguments: '' });
      this.#showLiveLine(event.index);
    } else if (event.type === 'tool_call.arguments.delta' && this.#options.terminal) {
      const call = this.#writing.get(event.index);
      if (!call) return;
      call.arguments += event.delta;
      this.#showLiveLine(event.index);
    }
  }

  /** Name first, then the arguments as they grow; cut to one terminal row so erasing it erases all of it. */
  #showLiveLine(index: number): void {
    const call = this.#writing.get(index);
    if (!call) return;
    if (!this.#liveLine && !this.#atLineStart) this.#write('\n');
    const text = `  writing  ${this.#writing.size > 1 ? `#${index + 1} ` : ''}${call.name} ${call.arguments.replace(/\s+/g, ' ')}`;
    this.#out.write(`${ERASE_LINE}${clipToWidth(text, this.#options.width() - 1)}`);
    this.#liveLine = true;
    this.#atLineStart = false;
  }

  #eraseLiveLine(): void {
    if (!this.#liveLine) return;
    this.#out.write(ERASE_LINE);
    this.#liveLine = false;
    this.#atLineStart = true;
  }

  /** Before a line of its own: the live line goes, streamed text ends with a blank line. */
  #settle(): void {
    this.#eraseLiveLine();
    if (this.#streamed) {
      this.#write(this.#atLineStart ? '\n' : '\n\n');
      this.#streamed = false;
    } else if (!this.#atLineStart) {
      this.#write('\n');
    }
  }

  #write(text: string): void {
    if (text === '') return;
    this.#out.write(text);
    this.#atLineStart = text.endsWith('\n');
  }
}
