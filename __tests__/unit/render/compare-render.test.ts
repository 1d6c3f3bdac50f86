import { renderRegistryComparison } from '../../../src/cli/render/compare.js';
import { renderSchemaDiff } from '../../../src/cli/render/diff.js';
import { diffSnapshots } from '../../../src/core/diff/diff-snapshots.js';
import type { RegistryComparisonResult, SchemaDiffResult } from '../../../src/core/operations/compare-types.js';
import { aSnapshot, aVersion, avroSchema, versionsOf } from '../../support/builders.js';

function comparison(source = aSnapshot(), target = aSnapshot('target')): RegistryComparisonResult {
  const diff = diffSnapshots(source.build(), target.build());
  return {
    kind: 'registry-comparison',
    source: { name: 'staging' },
    target: { name: 'prod' },
    scope: { contexts: 'all', includeDeleted: false, includeConfig: true },
    ...diff,
  };
}

describe('compare renderers', () => {
  it('says so in one line when nothing differs', () => {
    const text = renderRegistryComparison(comparison(aSnapshot().withSubject('a'), aSnapshot('t').withSubject('a')), { color: false });
    expect(text).toBe('✓ staging → prod: no differences (1 subject compared)\n');
  });

  it('prints the summary first, then only the differing subjects, then conflicts', () => {
    const result = comparison(
      aSnapshot()
        .withSubject('same', versionsOf(2))
        .withSubject('grown', versionsOf(3))
        .withSubject('changed', aVersion({ id: 9 })),
      aSnapshot('t')
        .withSubject('same', versionsOf(2))
        .withSubject('grown', versionsOf(2))
        .withSubject('changed', aVersion({ id: 9, schema: avroSchema('Other') })),
    );
    const lines = renderRegistryComparison(result, { color: false }).split('\n');
    expect(lines[0]).toBe('staging → prod');
    expect(lines[1]).toContain('3 in both (1 identical, 2 differing)');
    expect(lines.some((l) => /^grown\s+differs\s+missing in target: v3$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('same'))).toBe(false);
    expect(lines).toContain('Conflicts:');
  });

  it('colours only when asked, and strips control characters from registry text', () => {
    const result = comparison(aSnapshot().withSubject('evil\u001b[31m'), aSnapshot('t'));
    expect(renderRegistryComparison(result, { color: false })).not.toContain('\u001b');
    expect(renderRegistryComparison(result, { color: true })).toContain('\u001b[');
  });

  it('renders a schema diff with its verdict last', () => {
    const result: SchemaDiffResult = {
      kind: 'schema-diff',
      subject: 's',
      context: '.',
      status: 'differs',
      verdict: 's: differs',
      source: null,
      target: null,
      diff: '--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n',
    };
    const text = renderSchemaDiff(result, { color: false });
    expect(text).toBe('--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n\n✗ s: differs\n');
    expect(renderSchemaDiff({ ...result, status: 'identical', diff: '', verdict: 's: identical' }, { color: false })).toBe('✓ s: identical\n');
  });
});
