import { z } from 'zod';
import { defineTool, type Tool } from '../src/index.js';

export interface SavedNote {
  saved: true;
  /** The note as written: one line, whitespace collapsed. */
  note: string;
  /** The notes file it was appended to. */
  file: string;
}

export interface SaveNoteOptions {
  /** The notes file. Default: `toolcycle/notes.txt` in the system's temp folder (read on every call, so `TMPDIR` applies). */
  file?: string;
}

export const MAX_NOTE_LENGTH = 500;

const parameters = z.object({
  note: z
    .string()
    .max(MAX_NOTE_LENGTH)
    .refine((note) => note.trim() !== '', { message: 'The note must not be blank' })
    .describe('The note, e.g. "buy milk"'),
});

/**
 * Node's file system, looked up when a note is saved rather than imported, so `toolcycle/tools`
 * bundles for a browser like the rest of the bundled tools (there, save_note fails as a tool error).
 */
interface NodeFiles {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  appendFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
  tmpdir(): string;
  join(...parts: string[]): string;
  dirname(path: string): string;
}

function nodeFiles(): NodeFiles {
  const load = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (!load) throw new Error('save_note writes to a file, which needs Node.js.');
  const { mkdir, appendFile } = load('node:fs/promises') as Pick<NodeFiles, 'mkdir' | 'appendFile'>;
  const { tmpdir } = load('node:os') as Pick<NodeFiles, 'tmpdir'>;
  const { join, dirname } = load('node:path') as Pick<NodeFiles, 'join' | 'dirname'>;
  return { mkdir, appendFile, tmpdir, join, dirname };
}

/** The notes file when none is given: a temp folder, so the demo never writes anywhere that matters. */
export function defaultNotesFile(): string {
  const { join, tmpdir } = nodeFiles();
  return join(tmpdir(), 'toolcycle', 'notes.txt');
}

/**
 * The bundled tool with a side effect: it appends a line to a notes file. It is `write_once` (never
 * run twice, even after a crash) and needs a person's approval for every call, so the demo shows the
 * approval stage.
 */
export function createSaveNoteTool(options: SaveNoteOptions = {}): Tool<z.output<typeof parameters>, SavedNote> {
  return defineTool({
    name: 'save_note',
    effect: 'write_once',
    needsApproval: true,
    description: "Save a short note for the user: appends one line to the user's notes file. The user approves every note first.",
    parameters,
    async execute({ note }): Promise<SavedNote> {
      const files = nodeFiles();
      const file = options.file ?? defaultNotesFile();
      // One note, one line: a note with line breaks would read as several.
      const line = note.replace(/\s+/g, ' ').trim();
      await files.mkdir(files.dirname(file), { recursive: true });
      await files.appendFile(file, `${line}\n`, 'utf8');
      return { saved: true, note: line, file };
    },
  });
}

export const saveNote = createSaveNoteTool();
