import OpenAI from 'openai';
import { Component, StrictMode, useLayoutEffect, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { defineTool, type TurnResult } from 'toolcycle';
import { useSession, type SessionView } from 'toolcycle/react';
import * as z from 'zod';
import { pacedFetch } from '../../../examples/web-chat/page/paced-fetch.js';
import type { MountOptions, Outcome, ViewRecord } from './harness-api.js';

/** Calls held open until the test releases them (or the turn is cancelled). */
const held = new Map<string, () => void>();
const releaseWhenAsked = (toolCallId: string, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    held.set(toolCallId, resolve);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

const tools = [
  defineTool({
    name: 'hold',
    description: 'Waits until the test releases it.',
    parameters: z.object({ label: z.string() }),
    effect: 'read_only',
    execute: async ({ label }, { toolCallId, signal }) => {
      await releaseWhenAsked(toolCallId, signal);
      return { released: label };
    },
  }),
  defineTool({
    name: 'step',
    description: 'Waits until the test releases it; safe to repeat, so it runs in order, not alongside others.',
    parameters: z.object({ n: z.number() }),
    effect: 'idempotent',
    execute: async ({ n }, { toolCallId, signal }) => {
      await releaseWhenAsked(toolCallId, signal);
      return { step: n };
    },
  }),
  defineTool({
    name: 'approve_me',
    description: 'Needs a person to approve it.',
    parameters: z.object({ x: z.number() }),
    effect: 'write_once',
    needsApproval: true,
    execute: ({ x }) => ({ done: x }),
  }),
];

let records: ViewRecord[] = [];
let current: SessionView | undefined;
let caught: Error | null = null;
let root: Root | undefined;

function record(view: SessionView): ViewRecord {
  return {
    sessionId: view.session.id,
    stage: view.stage,
    state: view.state,
    status: view.status,
    busy: view.busy,
    error: view.error && { name: view.error.name, message: view.error.message, ...('status' in view.error ? { status: view.error.status } : {}) },
    messageCount: view.messages.length,
    lastMessage: JSON.parse(JSON.stringify(view.messages.at(-1) ?? null)),
    toolCalls: view.toolCalls.map(({ id, name, status, approval }) => ({ id, name, status, approval })),
    streamingText: view.streamingText,
    pendingApprovals: JSON.parse(JSON.stringify(view.pendingApprovals)),
  };
}

function Probe({ options }: { options: MountOptions }) {
  const [client] = useState(
    () => new OpenAI({ baseURL: options.baseURL, apiKey: 'harness', dangerouslyAllowBrowser: true, maxRetries: 0, fetch: pacedFetch(options.paceMs ?? 0) }),
  );
  const view = useSession({
    client,
    model: 'toolcycle-offline',
    tools,
    stream: options.stream ?? false,
    snapshot: options.snapshot,
    toolTimeoutMs: options.toolTimeoutMs,
  });
  // Once per commit: what the user saw, not every render React tried.
  useLayoutEffect(() => {
    current = view;
    records.push(record(view));
  });
  return <p data-status={view.status}>{view.streamingText}</p>;
}

class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error) {
    caught = error;
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

const outcome = (turn: () => Promise<TurnResult>): Promise<Outcome> =>
  turn().then(
    (result) => ({ ok: true, content: result.content, stopReason: result.stopReason }),
    (error: Error & { reason?: string }) => ({ ok: false, name: error.name, message: error.message, ...(error.reason ? { reason: error.reason } : {}) }),
  );

const view = () => {
  if (!current) throw new Error('Nothing is mounted.');
  return current;
};

window.harness = {
  mount(options) {
    records = [];
    current = undefined;
    caught = null;
    root = createRoot(document.getElementById('root')!, { onCaughtError: () => undefined });
    const probe = (
      <Boundary>
        <Probe options={options} />
      </Boundary>
    );
    root.render(options.strict === false ? probe : <StrictMode>{probe}</StrictMode>);
  },
  unmount() {
    root?.unmount();
    root = undefined;
  },
  records: () => records,
  clearRecords: () => {
    records = [];
  },
  renderError: () => caught && { name: caught.name, message: caught.message },
  actorStatus: () => view().session.actor.getSnapshot().status,
  snapshot: () => view().session.snapshot(),
  release(...callIds) {
    for (const id of callIds) {
      held.get(id)?.();
      held.delete(id);
    }
  },
  ask: (text) => outcome(() => view().ask(text)),
  decide: (decisions) => outcome(() => view().decide(decisions)),
  retry: () => outcome(() => view().retry()),
  resume: () => outcome(() => view().resume()),
  cancel: () => view().cancel(),
};
