import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STATES } from '../../machines/lifecycle-states.js';
import { sourceFiles } from './layers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A state is renamed by changing one line in machines/lifecycle-states.ts: the machine and the
 * runners refer to states only through STATES, and the views name stages through `meta.stage`.
 */
describe('state names are defined once', () => {
  const files = sourceFiles(root, ['src', 'machines']).filter((file) => file.path !== 'machines/lifecycle-states.ts');
  const names = Object.values(STATES);

  it('no source matches a snapshot against a state name written out', () => {
    const written = files.flatMap((file) =>
      [...file.source.matchAll(/\.matches\(\s*(['"][^'"]+['"]|\{[^)]*)/g)]
        .filter((match) => names.some((name) => match[1]!.includes(`'${name}'`) || match[1]!.includes(`"${name}"`) || match[1]!.includes(`${name}:`)))
        .map((match) => `${file.path}: ${match[0]}`),
    );
    expect(written).toEqual([]);
  });

  it('the machine targets and keys its states through STATES', () => {
    const machine = files.find((file) => file.path === 'machines/lifecycle.ts')!.source;
    const literalTargets = [...machine.matchAll(/target:\s*['"][^'"]+['"]/g)].map((match) => match[0]);
    const literalKeys = names.filter((name) => new RegExp(`^\\s+${name}: \\{`, 'm').test(machine));
    expect({ literalTargets, literalKeys }).toEqual({ literalTargets: [], literalKeys: [] });
  });

  it('a planted written-out state name is noticed', () => {
    const planted = "if (snapshot.matches('deciding')) go();";
    expect([...planted.matchAll(/\.matches\(\s*(['"][^'"]+['"]|\{[^)]*)/g)].map((match) => match[1])).toEqual(["'deciding'"]);
  });
});
