import { filterSnapshot } from '../../../src/core/snapshot/filter-snapshot.js';
import { globToRegExp, parseGlobList, subjectFilter } from '../../../src/core/snapshot/glob.js';
import { aSnapshot, aVersion } from '../../support/builders.js';

describe('subject globs', () => {
  it('parses comma lists and repeated options', () => {
    expect(parseGlobList('a*, b ,,c')).toEqual(['a*', 'b', 'c']);
    expect(parseGlobList(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(parseGlobList(undefined)).toEqual([]);
  });

  it('matches * and ? and nothing else specially', () => {
    expect(globToRegExp('orders-*').test('orders-value')).toBe(true);
    expect(globToRegExp('orders-?alue').test('orders-value')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('a+(b)').test('a+(b)')).toBe(true);
  });

  it('matches bare and qualified names, include then exclude', () => {
    const keep = subjectFilter(['orders-*', ':.team-a:pay*'], ['*-key']);
    expect(keep('.', 'orders-value')).toBe(true);
    expect(keep('.', 'orders-key')).toBe(false);
    expect(keep('.team-a', 'orders-value')).toBe(true);
    expect(keep('.team-a', 'payments-value')).toBe(true);
    expect(keep('.', 'payments-value')).toBe(false);
    expect(subjectFilter(undefined, undefined)('.', 'anything')).toBe(true);
  });
});

describe('filterSnapshot', () => {
  const snapshot = aSnapshot()
    .withSubject('orders-value', [aVersion({ version: 1, id: 1, deleted: true }), aVersion({ version: 2, id: 2 })], { compatibility: 'FULL' })
    .withSubject('gone-value', aVersion({ deleted: true }))
    .inContext('.team-a', { compatibility: 'NONE' })
    .withSubject('orders-value', aVersion())
    .build();

  it('drops soft-deleted versions and emptied subjects unless includeDeleted', () => {
    const live = filterSnapshot(snapshot, {});
    expect(live.contexts[0]!.subjects.map((s) => s.name)).toEqual(['orders-value']);
    expect(live.contexts[0]!.subjects[0]!.versions.map((v) => v.version)).toEqual([2]);
    expect(live.scope.includeDeleted).toBe(false);
    const all = filterSnapshot(snapshot, { includeDeleted: true });
    expect(all.contexts[0]!.subjects.map((s) => s.name)).toEqual(['gone-value', 'orders-value']);
  });

  it('keeps only the named contexts (written with or without the dot)', () => {
    const only = filterSnapshot(snapshot, { contexts: ['team-a'], includeDeleted: true });
    expect(only.contexts.map((c) => c.name)).toEqual(['.team-a']);
    expect(only.scope.contexts).toEqual(['.team-a']);
  });

  it('applies subject globs and excludes', () => {
    const only = filterSnapshot(snapshot, { subjects: [':.team-a:*'], includeDeleted: true });
    expect(only.contexts.map((c) => c.subjects.length)).toEqual([0, 1]);
    const excluded = filterSnapshot(snapshot, { exclude: ['gone-*'], includeDeleted: true });
    expect(excluded.contexts[0]!.subjects.map((s) => s.name)).toEqual(['orders-value']);
  });

  it('clears config with includeConfig false', () => {
    const bare = filterSnapshot(snapshot, { includeConfig: false });
    expect(bare.contexts[0]!.subjects[0]!.compatibility).toBeNull();
    expect(bare.contexts[1]!.compatibility).toBeNull();
    expect(filterSnapshot(snapshot, {}).contexts[0]!.subjects[0]!.compatibility).toBe('FULL');
  });
});
