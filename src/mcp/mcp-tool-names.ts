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
 * cut to 64) or that collides with another gets a suffix hashed from its original name, so each
 * tool keeps its wire name across re-listings whatever order the server lists them in.
 */
export function assignToolNames(originals: readonly string[], prefix: string): Map<string, string> {
  const exact = (original: string) => (prefix === '' ? original : `${prefix}_${original}`);
  const plain = (original: string) => exact(original.replace(NOT_ALLOWED, '_') || 'tool');
  const candidates = new Map(originals.map((original) => [original, TOOL_NAME_PATTERN.test(exact(original)) ? exact(original) : withHash(plain(original), original)]));

  const claimed = new Map<string, string>();
  // Names that need no change claim theirs first; the others make way.
  const order = [...originals].sort((a, b) => Number(candidates.get(b) === exact(b)) - Number(candidates.get(a) === exact(a)));
  const names = new Map<string, string>();
  for (const original of order) {
    let name = candidates.get(original)!;
    for (let counter = 1; claimed.has(name); counter += 1) name = withHash(plain(original), `${original}#${counter}`);
    claimed.set(name, original);
    names.set(original, name);
  }
  return names;
}

function withHash(base: string, seed: string): string {
  const hash = createHash('sha256').update(seed).digest('hex').slice(0, 8);
  return `${base.slice(0, MAX_NAME_LENGTH - hash.length - 1)}_${hash}`;
}
