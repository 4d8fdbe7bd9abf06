import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, LAYERS, layerViolations, sourceFiles } from './layers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = sourceFiles(root, ['src', 'machines', 'tools']);

describe('layers point one way', () => {
  it('every source file belongs to a layer', () => {
    const unplaced = files.map((file) => file.path).filter((path) => !LAYERS.some((layer) => layer.paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))));
    expect(unplaced).toEqual([]);
  });

  it('no import goes the wrong way: the base needs nothing of ours, the machine only the base and xstate', () => {
    expect(layerViolations(root, files)).toEqual([]);
  });

  it('notices a wrong-way import planted anywhere', () => {
    const planted = [
      { path: 'src/conversation/planted.ts', source: "import { createSession } from '../session/create-session.js';" },
      { path: 'machines/planted.ts', source: "import { runToolCall } from '../src/actors/run-tool-call.js';\nimport OpenAI from 'openai';" },
      { path: 'src/inspector/planted.ts', source: "export { renderTransition } from '../cli/render-trace.js';" },
      { path: 'src/conversation/lazy.ts', source: "const session = await import('../session/create-session.js');" },
    ];
    expect(layerViolations(root, planted)).toEqual([
      'src/conversation/planted.ts (base) imports src/session/create-session.ts (session)',
      'machines/planted.ts (machine) imports src/actors/run-tool-call.ts (actors)',
      'machines/planted.ts (machine) imports the package openai at run time',
      'src/inspector/planted.ts (inspector) imports src/cli/render-trace.ts (cli)',
      'src/conversation/lazy.ts (base) imports src/session/create-session.ts (session)',
    ]);
  });

  it('reads type-only, side-effect and dynamic imports', () => {
    expect(importsOf('x.ts', "import type { A } from 'a';\nimport 'b';\nexport * from './c.js';\nawait import('d');")).toEqual([
      { file: 'x.ts', specifier: 'a', typeOnly: true },
      { file: 'x.ts', specifier: './c.js', typeOnly: false },
      { file: 'x.ts', specifier: 'b', typeOnly: false },
      { file: 'x.ts', specifier: 'd', typeOnly: false },
    ]);
  });
});
