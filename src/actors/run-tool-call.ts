import type { ToolCallError } from '../conversation/tool-call-error.js';
import type { ToolCallOutcome } from '../conversation/tool-call-record.js';
import { ToolFailure } from '../tool-definition/tool-failure.js';
import type { Tool, ToolExecutionContext } from '../tool-definition/tool.js';
import { describeThrown } from '../conversation/describe-thrown.js';
import { serializeToolResult } from './serialize-tool-result.js';

export interface RunToolCallOptions {
  toolCallId: string;
  idempotencyKey: string;
  /** Infinity: no limit. */
  timeoutMs: number;
  maxOutputChars: number;
  /** Aborted when the turn is cancelled: the tool sees it through its own `signal`. */
  signal: AbortSignal;
  /** Runs the tool's code; a runner wraps it to recognise a tool that calls back into its own session. */
  enter?: <T>(run: () => T) => T;
}

/**
 * Runs one tool and never throws: a throw of any value, a timeout, a cancellation or an
 * unserializable result each become an error outcome. A tool that ignores its signal cannot be
 * stopped (JavaScript cannot kill a promise); its late result is dropped and the turn goes on.
 */
export async function runToolCall(tool: Tool, args: unknown, options: RunToolCallOptions): Promise<ToolCallOutcome> {
  const startedAt = performance.now();
  const elapsed = () => Math.round((performance.now() - startedAt) * 100) / 100;
  if (options.signal.aborted) return cancelled(elapsed());
  // One controller for the tool: the turn's cancellation and the timeout both end up here.
  const toolSignal = new AbortController();
  let settleEarly!: (outcome: ToolCallOutcome) => void;
  const earlyOutcome = new Promise<ToolCallOutcome>((resolve) => (settleEarly = resolve));

  const timer =
    options.timeoutMs === Infinity
      ? undefined
      : setTimeout(() => {
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
    settleEarly(cancelled(elapsed()));
  };
  options.signal.addEventListener('abort', cancel, { once: true });

  const context: ToolExecutionContext = { signal: toolSignal.signal, toolCallId: options.toolCallId, idempotencyKey: options.idempotencyKey };
  const execution = (async (): Promise<ToolCallOutcome> => {
    try {
      const enter = options.enter ?? ((run) => run());
      const result = await enter(() => tool.execute(args, context));
      const serialized = serializeToolResult(result, options.maxOutputChars);
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
      return { ok: true, result: serialized.result, content: serialized.content, durationMs: elapsed(), truncatedFrom: serialized.truncatedFrom };
    } catch (error) {
      return { ok: false, error: failureOf(tool.name, error), durationMs: elapsed() };
    }
  })();

  try {
    return await Promise.race([execution, earlyOutcome]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal.removeEventListener('abort', cancel);
  }
}

function failureOf(toolName: string, thrown: unknown): ToolCallError {
  if (isToolFailure(thrown)) {
    if (thrown.kind === 'timeout') return { kind: 'timeout', message: thrown.message, timeoutMs: thrown.timeoutMs };
    if (thrown.kind === 'transport_failed') return { kind: 'transport_failed', message: thrown.message };
  }
  const { message, errorName } = describeThrown(thrown);
  return { kind: 'tool_failed', message: `The tool "${toolName}" failed: ${message}`, errorName };
}

/** `instanceof` itself can throw (a Proxy's getPrototypeOf trap). */
function isToolFailure(thrown: unknown): thrown is ToolFailure {
  try {
    return thrown instanceof ToolFailure;
  } catch {
    return false;
  }
}

function cancelled(durationMs: number): ToolCallOutcome {
  return { ok: false, error: { kind: 'cancelled', message: 'The turn was cancelled before the tool finished.' }, durationMs };
}
