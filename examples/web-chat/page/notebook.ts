/** Where `save_note` writes: the browser's localStorage, so notes survive a reload like the conversation. */
export interface Notebook {
  list(): string[];
  /** Resolves with how many notes there are now. */
  add(text: string): number;
}

const NOTES_KEY = 'toolcycle.web-chat.notes';

export function localNotebook(storage: Storage): Notebook {
  const list = (): string[] => {
    try {
      const stored: unknown = JSON.parse(storage.getItem(NOTES_KEY) ?? '[]');
      return Array.isArray(stored) ? stored.filter((note): note is string => typeof note === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    list,
    add(text) {
      const notes = [...list(), text];
      storage.setItem(NOTES_KEY, JSON.stringify(notes));
      return notes.length;
    },
  };
}
