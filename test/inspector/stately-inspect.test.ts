import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

interface StatelyEvent {
  type: string;
  name?: string;
  sessionId: string;
  sourceId?: string;
  event?: { type: string };
  snapshot?: { value?: unknown };
}

/**
 * Runs the example in its own process. createWebSocketInspector reconnects on a 5 s timer forever
 * once a connection fails, even after stop(): a process left with that timer never exits, gets
 * killed at the timeout and reports no exit code.
 */
function runExample(url: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'examples/stately-inspect.ts', url],
      { timeout: 15_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('the @statelyai/inspect route (examples/stately-inspect.ts)', () => {
  it('delivers a turn’s inspection events to a WebSocket server, then exits', { timeout: 20_000 }, async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const received: StatelyEvent[] = [];
    server.on('connection', (socket) => socket.on('message', (data) => received.push(JSON.parse(String(data)) as StatelyEvent)));
    try {
      const { code, stdout } = await runExample(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect(code).toBe(0);
      expect(stdout).toContain('Weather in Tokyo');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const root = received.find((event) => event.type === '@xstate.actor' && event.name === 'lifecycle');
    expect(root).toBeDefined();
    const rootEvents = received.filter((event) => event.sessionId === root!.sessionId);
    expect(rootEvents.filter((event) => event.type === '@xstate.event').map((event) => event.event!.type)).toEqual([
      'xstate.init',
      'user.message',
      // With an inspector attached, each HTTP attempt is reported too.
      'model.attempted',
      'model.replied',
      'tools.checked',
      'tool.settled',
      'tool.settled',
      'model.attempted',
      'model.replied',
    ]);
    expect(rootEvents.filter((event) => event.type === '@xstate.snapshot').map((event) => event.snapshot!.value)).toEqual(
      expect.arrayContaining(['idle', 'deciding', { executing: 'parallel' }, 'responding']),
    );
    // The effect actors are there too: one per request, one for the checks, one for the round.
    expect(received.filter((event) => event.type === '@xstate.actor').map((event) => event.name)).toEqual(
      expect.arrayContaining(['request', 'checkToolCalls', 'executeToolCalls']),
    );
  });

  it('refuses to start when nothing listens, instead of retrying forever', { timeout: 20_000 }, async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));

    const { code, stderr } = await runExample(`ws://127.0.0.1:${port}`);
    expect(code).toBe(1);
    expect(stderr).toContain(`No inspector server is listening at ws://127.0.0.1:${port}`);
  });
});
