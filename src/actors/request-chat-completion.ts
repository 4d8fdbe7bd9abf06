import { buildChatRequest } from '../conversation/build-chat-request.js';
import { readChatCompletion } from '../conversation/read-chat-completion.js';
import { ChatStreamAccumulator } from './chat-stream-accumulator.js';
import type { CreateCall } from './model-client.js';
import type { WireAdapter } from './model-request.js';

/** Chat Completions (`client.chat.completions.create`). */
export const chatCompletionsWire: WireAdapter = {
  build: (input, runtime) => buildChatRequest(input.request, runtime.toolbox.definitions),
  endpoint: (client) => ({ create: client.chat.completions.create as unknown as CreateCall, owner: client.chat.completions }),
  streamReader() {
    const stream = new ChatStreamAccumulator();
    return {
      add: (chunk) => stream.add(chunk),
      end: () =>
        stream.finished
          ? { ok: true, response: stream.completion() }
          : { ok: false, problem: 'the stream ended before the model finished (no finish_reason)', code: 'stream_interrupted' },
    };
  },
  read: readChatCompletion,
};
