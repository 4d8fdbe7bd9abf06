import { useEffect, useRef } from 'react';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

function textOf(content: ChatCompletionMessageParam['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => ('text' in part ? part.text : '')).join('');
}

function Message({ message }: { message: ChatCompletionMessageParam }) {
  if (message.role === 'user') return <div className="message message-user" data-role="user">{textOf(message.content)}</div>;
  if (message.role === 'assistant') {
    const calls = (message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [`${call.function.name}(${call.function.arguments})`] : []));
    return (
      <>
        {textOf(message.content ?? null) !== '' && <div className="message message-assistant" data-role="assistant">{textOf(message.content ?? null)}</div>}
        {calls.length > 0 && <div className="message-note" data-role="tool-calls">asked for {calls.join(', ')}</div>}
      </>
    );
  }
  // System and tool messages: the tool calls panel shows the results.
  return null;
}

/** The conversation as the API sees it, with the answer of the running request as it streams in. */
interface MessageListProps {
  messages: readonly ChatCompletionMessageParam[];
  /** The running request's answer so far; null when none is streaming. */
  streamingText: string | null;
  /** How many deltas the last answer arrived in (0 while it streams). */
  streamedParts: number;
}

export function MessageList({ messages, streamingText, streamedParts }: MessageListProps) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages, streamingText]);
  return (
    <div className="messages" aria-live="polite">
      {messages.length === 0 && <p className="hint">Try “What is the weather in Paris and Tokyo?”, “东京现在几点？” or “Save a note: buy milk”.</p>}
      {messages.map((message, index) => (
        <Message key={index} message={message} />
      ))}
      {streamingText !== null && (
        <div className="message message-assistant message-streaming" data-streaming="">
          {streamingText}
          <span className="cursor" />
        </div>
      )}
      {streamedParts > 0 && streamingText === null && <div className="message-note" data-streamed-parts={streamedParts}>streamed in {streamedParts} parts</div>}
      <div ref={end} />
    </div>
  );
}
