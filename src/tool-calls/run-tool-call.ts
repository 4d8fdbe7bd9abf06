import type { Tool } from './define-tool.js';
import type { ToolCallOutcome } from './tool-call-record.js';
import { serializeToolResult } from './serialize-tool-result.js';

export interface RunToolCallOptions {
  toolCallId: string;
  timeoutMs: number;
  /** Aborted when the turn is cancelled: the tool sees it through its own `signal`. */
  signal: AbortSignal;
}

/**
 * Runs one tool and never throws: a throw, a timeout, a cancellation or an unserializable result
 * each become an error outcome. A tool that ignores its signal cannot be stopped (JavaScript cannot
 * kill a promise); its late result is dropped and the turn goes on without it.
 */
export async function runToolCall(tool: Tool, args: unknown, options: RunToolCallOptions): Promise<ToolCallOutcome> {
  const startedAt = performance.now();
  const elapsed = () => Math.round((performance.now() - startedAt) * 100) / 100;
  const toolSignal = new AbortController();
  let settleEarly!: (outcome: ToolCallOutcome) => void;
  const earlyOutcome = new Promise<ToolCallOutcome>((resolve) => (settleEarly = resolve));

  const timer = setTimeout(() => {
    toolSignal.abort(new DOMException(`Tool "${tool.name}" timed out after ${options.timeoutMs} ms.`, 'TimeoutError'));
    settleEarly({
      ok: false,
      error: {
        kind: 'timeout',
        message: `The tool "${tool.name}" did not finish within ${options.timeoutMs} ms and was aborted.`,
        timeoutMs: options.timeoutMs,
      },
      durationMs: elapsed(),
    });
  }, options.timeoutMs);
  const cancel = () => {
    toolSignal.abort(new DOMException('The turn was cancelled.', 'AbortError'));
    settleEarly({
      ok: false,
      error: { kind: 'cancelled', message: 'The turn was cancelled before the tool finished.' },
      durationMs: elapsed(),
    });
  };
  if (options.signal.aborted) cancel();
  else options.signal.addEventListener('abort', cancel, { once: true });

  const execution = (async (): Promise<ToolCallOutcome> => {
    try {
      const result = await tool.execute(args, { signal: toolSignal.signal, toolCallId: options.toolCallId });
      const serialized = serializeToolResult(result);
      if (!serialized.ok) {
        return {
          ok: false,
          error: {
            kind: 'unserializable_result',
            message: `The tool "${tool.name}" returned a result that cannot be sent as JSON: ${serialized.reason}.`,
          },
          durationMs: elapsed(),
        };
      }
      return { ok: true, result, content: serialized.content, durationMs: elapsed() };
    } catch (error) {
      return {
        ok: false,
        error: {
          kind: 'tool_failed',
          message: `The tool "${tool.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
          errorName: error instanceof Error ? error.name : typeof error,
        },
        durationMs: elapsed(),
      };
    }
  })();

  try {
    return await Promise.race([execution, earlyOutcome]);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', cancel);
  }
}
