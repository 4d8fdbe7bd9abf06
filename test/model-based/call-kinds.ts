import type { ScriptedToolCall } from '../../src/offline-model/index.js';
import { PLACEHOLDER_TOOL_NAME } from '../../src/conversation/requested-tool-call.js';
import { TOOL_NAMES, UNKNOWN_TOOL_NAME, type ToolName } from '../support/model-based-tools.js';

/**
 * How the model can phrase one tool call: a well-formed call to one of the test tools (one per
 * effect, `approval` for the tool that needs a person, `slow` for the one that only times out),
 * `same` (a call that is identical every time it is asked: the loop check's input), or one of the
 * bad-input kinds.
 */
export type CallKind =
  | 'read'
  | 'idem'
  | 'write'
  | 'plain'
  | 'approval'
  | 'slow'
  | 'same'
  | 'invalid_json'
  | 'invalid_arguments'
  | 'unknown_tool'
  | 'malformed';

const TOOL_OF_KIND: Partial<Record<CallKind, ToolName>> = {
  read: TOOL_NAMES.lookup,
  idem: TOOL_NAMES.save,
  write: TOOL_NAMES.send,
  plain: TOOL_NAMES.legacy,
  approval: TOOL_NAMES.publish,
  slow: TOOL_NAMES.slow,
};

export const SAME_QUERY = 'the same question';
const BROKEN_JSON = '{"query": ';

/** The call as the scripted model sends it. Well-formed calls carry their own id as the query, so no two are alike. */
export function scriptedCall(kind: CallKind, id: string): ScriptedToolCall {
  const tool = TOOL_OF_KIND[kind];
  if (tool) return { id, name: tool, arguments: JSON.stringify({ query: id }) };
  switch (kind) {
    case 'same':
      return { id, name: TOOL_NAMES.lookup, arguments: JSON.stringify({ query: SAME_QUERY }) };
    case 'invalid_json':
      return { id, name: TOOL_NAMES.lookup, arguments: BROKEN_JSON };
    case 'invalid_arguments':
      return { id, name: TOOL_NAMES.lookup, arguments: JSON.stringify({ query: 42 }) };
    case 'unknown_tool':
      return { id, name: UNKNOWN_TOOL_NAME, arguments: '{}' };
    // A call without a function name: the adapter records it under a placeholder name.
    default:
      return { id, name: '', arguments: '{}' };
  }
}

/** The kind back from a recorded call (name and raw arguments), for the traversal's state keys. */
export function kindOfCall(name: string, rawArguments: string): CallKind {
  if (name === PLACEHOLDER_TOOL_NAME) return 'malformed';
  if (name === UNKNOWN_TOOL_NAME) return 'unknown_tool';
  if (rawArguments === BROKEN_JSON) return 'invalid_json';
  const query = (JSON.parse(rawArguments) as { query?: unknown }).query;
  if (typeof query !== 'string') return 'invalid_arguments';
  if (query === SAME_QUERY) return 'same';
  const kind = (Object.keys(TOOL_OF_KIND) as CallKind[]).find((candidate) => TOOL_OF_KIND[candidate] === name);
  if (!kind) throw new Error(`no call kind for ${name}(${rawArguments})`);
  return kind;
}
