import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConversationRoot } from './conversation-root.js';

createRoot(document.getElementById('root')!, {
  // An unreadable saved conversation is expected (another version saved it): the boundary starts a new one, nothing to report.
  onCaughtError: (error, info) => {
    if ((error as Error | undefined)?.name !== 'SessionSnapshotError') console.error(error, info.componentStack);
  },
}).render(
  <StrictMode>
    <ConversationRoot />
  </StrictMode>,
);
