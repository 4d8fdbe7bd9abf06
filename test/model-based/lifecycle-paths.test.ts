import { describe, expect, it } from 'vitest';
import { lifecycleMachine } from '../../machines/lifecycle.js';
import { CoverageRecorder, definedTransitions } from './coverage.js';
import { KNOWN_EVENT_TYPES } from './lifecycle-events.js';
import { generatePaths } from './lifecycle-paths.js';
import { replayPath } from './replay-path.js';
import { WIRE_MODES } from '../support/wire-modes.js';

const paths = await generatePaths();
/** Per API: each must take the machine through every state and transition on its own. */
const coverage = new Map(WIRE_MODES.map((mode) => [mode, new CoverageRecorder()]));

describe('the path generator', () => {
  it('has an event case for every event the machine handles', () => {
    const handled = new Set(definedTransitions(lifecycleMachine).map((transition) => transition.key.split('|')[1]!));
    handled.delete('always');
    const unknown = [...handled].filter((type) => !(KNOWN_EVENT_TYPES as readonly string[]).includes(type));
    expect(unknown, 'add these events to eventCases() in test/model-based/lifecycle-events.ts').toEqual([]);
  });

  it('generates both kinds of paths, each starting from the initial state', () => {
    expect(paths.some((path) => path.origin === 'shortest')).toBe(true);
    expect(paths.some((path) => path.origin === 'simple')).toBe(true);
    for (const path of paths) expect(path.steps[0]!.state.value, path.name).toBe('idle');
  });
});

describe.each(WIRE_MODES)('every generated path, replayed on a live actor against the offline model ($name)', (mode) => {
  for (const path of paths) {
    it(path.name, async () => {
      await replayPath(path, coverage.get(mode)!, mode);
    });
  }
});

describe.each(WIRE_MODES)('coverage of the machine definition by the replays ($name)', (mode) => {
  // Runs after the replays (vitest keeps declaration order within a file).
  it('takes every state and every transition, guarded branches counted separately', () => {
    const report = coverage.get(mode)!.report(lifecycleMachine);
    console.log(`${mode.name}: ${report.line} (${paths.length} paths)`);
    const uncovered = { statesNoPathReaches: report.missingStates, transitionsNoPathTakes: report.missingTransitions };
    expect(uncovered, `${report.line}: add an event case or a config that reaches them`).toEqual({
      statesNoPathReaches: [],
      transitionsNoPathTakes: [],
    });
  });
});
