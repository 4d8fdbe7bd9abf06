import OpenAI from 'openai';
import { useState } from 'react';
import { useSession } from 'toolcycle/react';
import { getWeather } from 'toolcycle/tools';
import { modelBaseURL } from './model-client.js';

// The README's example. The key is visible to the page: fine for a local model, never for a real key.
const client = new OpenAI({ baseURL: modelBaseURL(), apiKey: 'not-needed', dangerouslyAllowBrowser: true });

export function MinimalChat() {
  const chat = useSession({ client, model: 'toolcycle-offline', tools: [getWeather], stream: true });
  const [text, setText] = useState('What is the weather in Paris and Tokyo?');
  return (
    <div>
      <p>
        Stage: <b>{chat.stage ?? 'idle'}</b>
      </p>
      {chat.messages.map((message, index) =>
        (message.role === 'user' || message.role === 'assistant') && typeof message.content === 'string' ? (
          <p key={index} className={message.role}>
            {message.content}
          </p>
        ) : null,
      )}
      {chat.busy && <p className="assistant">{chat.streamingText}</p>}
      <ul>
        {chat.toolCalls.map((call) => (
          <li key={call.id}>
            {call.name} {JSON.stringify(call.arguments)}: {call.status}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          chat.ask(text).catch(() => {}); // a failed turn shows in chat.error
          setText('');
        }}
      >
        <input value={text} onChange={(event) => setText(event.currentTarget.value)} />
        <button disabled={chat.busy}>Send</button>
        <button type="button" disabled={!chat.busy} onClick={chat.cancel}>
          Cancel
        </button>
      </form>
      {chat.error && <p role="alert">{chat.error.message}</p>}
    </div>
  );
}
