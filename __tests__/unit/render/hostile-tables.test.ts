import { renderRegistryComparison } from '../../../src/cli/render/compare.js';
import { clean, paint, table } from '../../../src/cli/render/text.js';
import type { RegistryComparisonResult } from '../../../src/core/operations/compare-types.js';

// Registry-provided names are hostile input: no escape sequence of theirs reaches a terminal, in any table.
const HOSTILE = [
  'a\u001b[2J\u001b[Hb', // clear screen, cursor home (CSI)
  'c\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007d', // OSC 8 hyperlink
  'e\u009b31mf', // C1 CSI
  'g\u001bPqh', // another ESC sequence
  'i\u0007\u0008j', // bell, backspace
];

function comparison(n: number, name: (i: number) => string): RegistryComparisonResult {
  const subjects = [];
  const changes = [];
  for (let i = 0; i < n; i++) {
    subjects.push({
      subject: name(i),
      context: '.',
      status: 'differs' as const,
      versions: [{ version: 1, status: 'content-differs' as const, sourceId: i, targetId: i + 1 }],
    });
    changes.push({
      type: 'version.content-differs' as const,
      severity: 'conflict' as const,
      message: `${name(i)} version 1: different schema`,
      subject: name(i),
      context: '.',
      version: 1,
      sourceId: i,
      targetId: i + 1,
    });
  }
  return {
    kind: 'registry-comparison',
    source: { name: 'a' },
    target: { name: 'b' },
    scope: { contexts: 'all', includeDeleted: false, includeConfig: false },
    summary: {
      subjectsOnlyInSource: 0,
      subjectsOnlyInTarget: 0,
      subjectsInBoth: n,
      identicalSubjects: 0,
      differingSubjects: n,
      versionsMissingInTarget: 0,
      versionsMissingInSource: 0,
      conflicts: n,
      configDifferences: 0,
    },
    subjects,
    contexts: [],
    changes,
    verdicts: [],
  };
}

describe('tables and hostile names', () => {
  test('clean removes every escape sequence and control character but keeps the text', () => {
    expect(HOSTILE.map(clean)).toEqual(['ab', 'clinkd', 'e31mf', 'gqh', 'ij']);
  });

  test('no escape from a registry name reaches the output, even in a cell srx colours', () => {
    const c = paint({ color: true });
    const out = table(
      ['NAME', 'STATUS'],
      HOSTILE.map((name) => [name, c.red(name)]),
      { color: true },
    );
    const withoutOurColours = out.replace(/\u001b\[[0-9;]*m/g, '');
    expect(withoutOurColours).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  test('the compare table renders 200,000 differing subjects (linear; a spread once overflowed the stack)', () => {
    const out = renderRegistryComparison(
      comparison(200_000, (i) => `s-${i}-value`),
      { color: false },
    );
    const lines = out.split('\n');
    expect(lines.filter((l) => /^s-\d+-value\s+differs/.test(l))).toHaveLength(200_000);
    expect(lines.filter((l) => l.startsWith('  ✗ s-'))).toHaveLength(200_000);
  });

  test('the compare table of hostile names carries no terminal escape', () => {
    const out = renderRegistryComparison(
      comparison(HOSTILE.length, (i) => HOSTILE[i]!),
      { color: false },
    );
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  test('columns align on terminal width (wide characters count twice)', () => {
    const out = table(
      ['A', 'B'],
      [
        ['日本', 'x'],
        ['ab', 'y'],
      ],
      { color: false },
    );
    expect(out).toBe('A     B\n日本  x\nab    y\n');
  });
});
