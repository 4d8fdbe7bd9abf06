import { useState, type FormEvent } from 'react';

/** The message box. Enter sends; nothing is sent while the turn is not ready for a message. */
export function Composer({ disabled, onSend }: { disabled: boolean; onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (disabled || text.trim() === '') return;
    onSend(text.trim());
    setText('');
  };
  return (
    <form className="composer" onSubmit={submit}>
      <input
        id="message"
        autoComplete="off"
        placeholder="Ask about the weather, the time, arithmetic, or save a note…"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <button id="send" type="submit" disabled={disabled || text.trim() === ''}>
        Send
      </button>
    </form>
  );
}
