import { useState, useSyncExternalStore } from 'react';
import type { SessionSnapshot } from 'toolcycle';
import { useSession } from 'toolcycle/react';
import { ApprovalPanel } from './approval-panel.js';
import { Composer } from './composer.js';
import type { DemoSettings } from './demo-settings.js';
import { demoTools } from './demo-tools.js';
import { MessageList } from './message-list.js';
import { createModelClient } from './model-client.js';
import { localNotebook } from './notebook.js';
import { useSavedConversation } from './saved-conversation.js';
import { StageStrip } from './stage-strip.js';
import { ToolCallList } from './tool-call-list.js';
import { turnTimeline } from './turn-timeline.js';
import { useCallTimes } from './use-call-times.js';

interface ChatAppProps {
  snapshot: SessionSnapshot | undefined;
  storage: Storage;
  settings: DemoSettings;
  onNewConversation: () => void;
}

export function ChatApp({ snapshot, storage, settings, onNewConversation }: ChatAppProps) {
  // Made once: useSession reads its options on the first render only.
  const [setup] = useState(() => {
    const notebook = localNotebook(storage);
    return { notebook, timeline: turnTimeline(), tools: demoTools(notebook, settings.toolLatencyMs), client: createModelClient(settings.streamPaceMs) };
  });
  const chat = useSession({ client: setup.client, model: 'toolcycle-offline', tools: setup.tools, stream: true, snapshot, inspect: setup.timeline.inspect });
  useSavedConversation(chat.session, storage);
  const timeline = useSyncExternalStore(setup.timeline.subscribe, setup.timeline.getSnapshot);
  const callTimes = useCallTimes(chat.toolCalls);
  const [notice, setNotice] = useState<string | null>(null);

  /** Failed and cancelled turns show in the session's state; anything else (a refused call) as a notice. */
  const run = (turn: () => Promise<unknown>) => {
    setNotice(null);
    turn().catch((error: unknown) => {
      const shown = chat.session.actor.getSnapshot();
      if (shown.matches('failed') || shown.matches('cancelled')) return;
      setNotice(error instanceof Error ? error.message : String(error));
    });
  };

  const status = chat.status;
  const streaming = chat.busy && chat.streamingText !== '' ? chat.streamingText : null;
  return (
    <div className="app" data-status={status} data-state={chat.state} data-stage={chat.stage ?? ''}>
      <header>
        <h1>toolcycle web chat</h1>
        <span className={`status status-${status}`} data-session-status="">
          {status.replace('_', ' ')}
        </span>
        <code className="state" title="The lifecycle machine's state">
          {chat.state}
        </code>
        <button id="new-conversation" type="button" onClick={onNewConversation}>
          New conversation
        </button>
      </header>
      <StageStrip current={chat.stage} visited={timeline.stages} />
      <p className="trail" data-state-trail={timeline.states.join(' → ')}>
        {timeline.states.length > 0 ? `Turn ${timeline.turn}: ${timeline.states.join(' → ')}` : ''}
      </p>
      <main>
        <section className="chat">
          <MessageList messages={chat.messages} streamingText={streaming} streamedParts={chat.busy ? 0 : timeline.contentDeltas} />
          {status === 'failed' && chat.error && (
            <div className="banner banner-error" role="alert">
              {chat.error.name}: {chat.error.message}
              {chat.error.name === 'ApiRequestError' && (
                <button id="retry" type="button" onClick={() => run(() => chat.retry())}>
                  Retry
                </button>
              )}
            </div>
          )}
          {status === 'cancelled' && <div className="banner" data-banner="cancelled">The turn was cancelled; the conversation is intact.</div>}
          {status === 'interrupted' && (
            <div className="banner" data-banner="interrupted">
              The page was reloaded in the middle of a turn.
              <button id="resume" type="button" onClick={() => run(() => chat.resume())}>
                Resume
              </button>
            </div>
          )}
          {notice && <div className="banner banner-error">{notice}</div>}
          <div className="controls">
            <Composer disabled={!['idle', 'failed', 'cancelled'].includes(status)} onSend={(text) => run(() => chat.ask(text))} />
            <button id="cancel" type="button" disabled={!['running', 'awaiting_approval', 'interrupted'].includes(status)} onClick={chat.cancel}>
              Cancel
            </button>
          </div>
        </section>
        <aside>
          <ApprovalPanel approvals={chat.pendingApprovals} onDecide={(decisions) => run(() => chat.decide(decisions))} />
          <h2>Tool calls of this turn</h2>
          <ToolCallList calls={chat.toolCalls} times={callTimes} parallel={timeline.states.includes('executing.parallel')} />
          <h2>Saved notes</h2>
          <ul className="notes" data-notes="">
            {setup.notebook.list().map((note, index) => (
              <li key={index}>{note}</li>
            ))}
          </ul>
        </aside>
      </main>
    </div>
  );
}
