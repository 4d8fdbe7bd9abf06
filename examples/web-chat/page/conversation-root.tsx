import { Component, useState, type ReactNode } from 'react';
import { ChatApp } from './chat-app.js';
import { demoSettings } from './demo-settings.js';
import { forgetConversation, loadConversation } from './saved-conversation.js';

/** A saved conversation this version cannot restore (another version's, or not one at all) is dropped, not a broken page. */
class UnreadableConversation extends Component<{ onUnreadable: () => void; children: ReactNode }, { failed: Error | null }> {
  override state = { failed: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { failed: error };
  }

  override componentDidCatch(error: Error) {
    if (error.name === 'SessionSnapshotError') this.props.onUnreadable();
  }

  override render() {
    const { failed } = this.state;
    if (failed && failed.name !== 'SessionSnapshotError') return <p className="banner banner-error">{failed.message}</p>;
    return failed ? null : this.props.children;
  }
}

/** One conversation at a time, continued from localStorage; "New conversation" starts another session. */
export function ConversationRoot() {
  const [settings] = useState(() => demoSettings(location.search));
  const [generation, setGeneration] = useState(0);
  const startOver = () => {
    forgetConversation(localStorage);
    setGeneration((count) => count + 1);
  };
  return (
    <UnreadableConversation key={generation} onUnreadable={startOver}>
      <ChatApp key={generation} snapshot={loadConversation(localStorage)} storage={localStorage} settings={settings} onNewConversation={startOver} />
    </UnreadableConversation>
  );
}
