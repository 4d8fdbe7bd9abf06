import type { CheckToolCallsInput } from '../../machines/lifecycle-types.js';
import { checkToolCalls } from '../../src/actors/check-tool-calls.js';
import type { ToolCallRecord } from '../../src/conversation/tool-call-record.js';
import { createToolbox, type Toolbox } from '../../src/tool-definition/toolbox.js';
import { toolsForTraversal } from '../support/model-based-tools.js';

/**
 * The `tools.checked` payloads of the traversal, made by the real `checkToolCalls` over the test
 * tools, so a path carries exactly the records the live actor will report. `checkToolCalls` is
 * async (approval checks may be) and a traversal asks for events synchronously, so the results are
 * computed between traversals: a traversal that meets an input not computed yet leaves that state
 * without events, and `traverseUntilChecked` runs it again once the missing results are in.
 */
export class CheckedCalls {
  readonly toolbox: Toolbox = createToolbox(toolsForTraversal());
  private readonly results = new Map<string, ToolCallRecord[]>();
  private readonly missing = new Map<string, CheckToolCallsInput>();

  get(input: CheckToolCallsInput): ToolCallRecord[] | undefined {
    const key = JSON.stringify(input);
    const known = this.results.get(key);
    if (!known) this.missing.set(key, input);
    return known;
  }

  /** Computes what the last traversal asked for; false when nothing was missing. */
  async computeMissing(): Promise<boolean> {
    if (this.missing.size === 0) return false;
    const inputs = [...this.missing];
    this.missing.clear();
    for (const [key, input] of inputs) this.results.set(key, await checkToolCalls(this.toolbox, input));
    return true;
  }

  async traverseUntilChecked<T>(traverse: () => T): Promise<T> {
    for (;;) {
      const result = traverse();
      if (!(await this.computeMissing())) return result;
    }
  }
}
