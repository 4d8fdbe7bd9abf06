/**
 * `npm run example:web [-- --port 4101 --model-port 4100]`: builds the web chat page, serves it on
 * 127.0.0.1 with the offline model, and prints the URL. Ctrl-C stops both.
 */
import { parseArgs } from 'node:util';
import { startWebChat } from './web-chat-server.js';

const DEFAULT_PORT = 4101;
const DEFAULT_MODEL_PORT = 4100;

function port(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new Error(`${flag} must be a port number (0-65535), got "${value}".`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, 'model-port': { type: 'string' } } });
  const chat = await startWebChat({
    port: port(values.port, DEFAULT_PORT, '--port'),
    modelPort: port(values['model-port'], DEFAULT_MODEL_PORT, '--model-port'),
  });
  process.stdout.write(`toolcycle web chat: ${chat.url}\n  minimal example: ${chat.url}minimal.html\n  offline model:   ${chat.model.baseURL}\nCtrl-C to stop.\n`);
  process.once('SIGINT', () => void chat.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
