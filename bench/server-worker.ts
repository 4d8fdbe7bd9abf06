/** Worker-thread entry of the bench server (see server.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { serveScripted, type SharedStats } from './server-core.js';
import { currentThreadStatPath } from './thread-cpu.js';

const server = await serveScripted(workerData as SharedStats);
parentPort!.postMessage({ type: 'listening', baseURL: server.baseURL, threadStatPath: currentThreadStatPath() });
parentPort!.on('message', async (message: { type: string }) => {
  if (message.type !== 'close') return;
  await server.close();
  parentPort!.postMessage({ type: 'closed' });
  parentPort!.close();
});
