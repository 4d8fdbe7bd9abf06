import { createHash } from 'node:crypto';
import { TOOL_NAME_PATTERN } from '../tool-definition/define-tool.js';

const MAX_NAME_LENGTH = 64;
const NOT_ALLOWED = /[^a-zA-Z0-9_-]/g;

/** The prefix a server's name gives its tools: `@acme/notes-server` → `notes-server`. */
export function prefixFromServerName(serverName: string): string {
  const lastSegment = serverName.split('/').pop() ?? '';
  const cleaned = lastSegment.replace(NOT_ALLOWED, '_').replace(/_+/g, '_').replace(/^[_-]+|[_-]+$/g, '');
  return cleaned.slice(0, 32) || 'mcp';
}

/**
 * The wire name of every tool: `<prefix>_<name>`, valid for OpenAI (`^[a-zA-Z0-9_-]{1,64}$`) and
 * unique. A name that is valid as it is stays as it is; one that had to change (characters replaced,
 * cut to 64) gets a suffix hashed from its original name, so it cannot collide with another and
 * keeps its wire name across re-listings whatever else the server lists, in whatever order.
 */
export function assignToolNames(originals: readonly string[], prefix: string): Map<string, string> {
  const claimed = new Set<string>();
  const names = new Map<string, string>();
  for (const original of originals) {
    const exact = prefix === '' ? original : `${prefix}_${original}`;
    const plain = exact.replace(NOT_ALLOWED, '_') || 'tool';
    let name = TOOL_NAME_PATTERN.test(exact) ? exact : withHash(plain, original);
    // Only a contrived name (one spelled like another's hashed name) ever gets here.
    for (let counter = 1; claimed.has(name); counter += 1) name = withHash(plain, `${original}#${counter}`);
    claimed.add(name);
    names.set(original, name);
  }
  return names;
}

function withHash(base: string, seed: string): string {
  const hash = createHash('sha256').update(seed).digest('hex').slice(0, 8);
  return `${base.slice(0, MAX_NAME_LENGTH - hash.length - 1)}_${hash}`;
}
