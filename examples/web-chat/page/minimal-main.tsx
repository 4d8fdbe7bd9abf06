import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MinimalChat } from './minimal-chat.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MinimalChat />
  </StrictMode>,
);
