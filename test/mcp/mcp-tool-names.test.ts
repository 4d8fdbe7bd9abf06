import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TOOL_NAME_PATTERN } from '../../src/tool-definition/define-tool.js';
import { assignToolNames, prefixFromServerName } from '../../src/mcp/mcp-tool-names.js';

describe('MCP tool names on the wire', () => {
  it('prefixes valid names and leaves them otherwise as they are', () => {
    expect([...assignToolNames(['search', 'add-note'], 'notes')]).toEqual([
      ['search', 'notes_search'],
      ['add-note', 'notes_add-note'],
    ]);
    expect(assignToolNames(['search'], '').get('search')).toBe('search');
  });

  it('makes every name valid and unique, keeping the one that needed no change as it is', () => {
    const originals = ['files_read', 'files.read', 'files/read', 'ünïcode tool', '', 'x'.repeat(80), `${'x'.repeat(80)}y`];
    const names = assignToolNames(originals, 'fs');
    const wire = originals.map((original) => names.get(original)!);
    for (const name of wire) expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(wire).size).toBe(originals.length);
    expect(names.get('files_read')).toBe('fs_files_read');
    expect(names.get('files.read')).toMatch(/^fs_files_read_[0-9a-f]{8}$/);
    expect(names.get('ünïcode tool')).toMatch(/^fs__n_code_tool_[0-9a-f]{8}$/);
    expect(names.get('x'.repeat(80))).toHaveLength(64);
  });

  it('gives a tool the same name whatever order the server lists the tools in', () => {
    const originals = ['a.b', 'a_b', 'a/b', 'c'];
    const forward = assignToolNames(originals, 'p');
    const backward = assignToolNames([...originals].reverse(), 'p');
    for (const original of originals) expect(backward.get(original)).toBe(forward.get(original));
  });

  it('stays unique even for a name spelled like another’s hashed name', () => {
    const hashed = `files_read_${createHash('sha256').update('files.read').digest('hex').slice(0, 8)}`;
    const names = assignToolNames([hashed, 'files.read'], '');
    expect(names.get(hashed)).toBe(hashed);
    expect(names.get('files.read')).toMatch(/^files_read_[0-9a-f]{8}$/);
    expect(names.get('files.read')).not.toBe(hashed);
  });

  it('derives the prefix from the last part of the server name', () => {
    expect(prefixFromServerName('@modelcontextprotocol/server-filesystem')).toBe('server-filesystem');
    expect(prefixFromServerName('My Notes!')).toBe('My_Notes');
    expect(prefixFromServerName('???')).toBe('mcp');
    expect(prefixFromServerName('n'.repeat(50))).toHaveLength(32);
  });
});
