/** Worker-thread entry of the bench server (see server.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { serveScripted, type SharedStats } from './server-core.js';

const server = await serveScripted(workerData as SharedStats);
parentPort!.postMessage({ type: 'listening', baseURL: server.baseURL });
parentPort!.on('message', async (message: { type: string }) => {
  if (message.type !== 'close') return;
  await server.close();
  parentPort!.postMessage({ type: 'closed' });
  parentPort!.close();
});
