import { checkCompatibility, resolveReferences, verdictWords, breakingFor, type ResolvedSchema } from '../../../src/core/compat/index.js';
import { effectiveLevel, judgeMissingVersions } from '../../../src/core/compat/judge-missing-versions.js';
import type { Change } from '../../../src/core/diff/types.js';
import type { Snapshot, SnapshotVersion } from '../../../src/core/snapshot/types.js';

const record = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Order', fields });
const avro = (fields: unknown[]): ResolvedSchema => ({ schemaType: 'AVRO', schema: record(fields), references: [] });
const id = { name: 'id', type: 'string' };
const note = { name: 'note', type: 'string' };

describe('verdicts per level', () => {
  it('NONE, or a subject without versions, accepts anything', () => {
    expect(checkCompatibility(avro([note]), [avro([id])], 'NONE').isCompatible).toBe(true);
    expect(checkCompatibility(avro([note]), [], 'FULL_TRANSITIVE').isCompatible).toBe(true);
  });

  it('plain levels check the latest version only; transitive levels every version', () => {
    // v1 {id}, v2 {id, note=''}, candidate {note=''}: id is dropped, fine against v2 for BACKWARD... and against v1 too
    // (the reader ignores it); but the candidate lacks a default-less field of v1's reader for FORWARD.
    const history = [avro([id]), avro([{ ...id, default: '' }])];
    const candidate = avro([{ ...note, default: '' }]);
    expect(checkCompatibility(candidate, history, 'FORWARD').isCompatible).toBe(true);
    const transitive = checkCompatibility(candidate, history, 'FORWARD_TRANSITIVE');
    expect(transitive.isCompatible).toBe(false);
    expect(transitive.messages).toEqual(['FORWARD against version 1: .id: reader field `id` has no default and the writer has no such field']);
  });

  it('FULL is BACKWARD and FORWARD together', () => {
    const added = avro([id, note]);
    expect(checkCompatibility(added, [avro([id])], 'FORWARD').isCompatible).toBe(true);
    expect(checkCompatibility(added, [avro([id])], 'BACKWARD').isCompatible).toBe(false);
    expect(checkCompatibility(added, [avro([id])], 'FULL').messages).toEqual([
      'BACKWARD against version 1: .note: reader field `note` has no default and the writer has no such field',
    ]);
  });

  it('a schema type change breaks every level', () => {
    const verdict = checkCompatibility({ schemaType: 'JSON', schema: '{}', references: [] }, [avro([id])], 'BACKWARD');
    expect(verdict).toMatchObject({ isCompatible: false, messages: ['BACKWARD against version 1: schema type AVRO → JSON'] });
  });

  it('verdict words: safe, breaking for every level, or which levels', () => {
    expect(verdictWords(breakingFor(false, false))).toBe('safe for BACKWARD, FORWARD, FULL');
    expect(verdictWords(breakingFor(true, true))).toBe('breaking for every level');
    expect(verdictWords(breakingFor(false, true))).toBe('breaking for FORWARD, FULL (safe for BACKWARD)');
  });
});

const version = (v: number, schema: string, extra: Partial<SnapshotVersion> = {}): SnapshotVersion => ({
  version: v,
  id: 100 + v,
  schemaType: 'AVRO',
  schema,
  references: [],
  deleted: false,
  ...extra,
});
const snapshot = (
  name: string,
  subjects: { name: string; versions: SnapshotVersion[]; compatibility?: string | null }[],
  compatibility: string | null = null,
  contexts: Snapshot['contexts'] = [],
): Snapshot => ({
  registry: { name, url: `http://${name}`, kind: 'http' },
  takenAt: '2026-01-01T00:00:00Z',
  scope: { includeDeleted: false, includeConfig: true },
  contexts: [
    {
      name: '.',
      compatibility,
      mode: null,
      subjects: subjects.map((s) => ({ name: s.name, versions: s.versions, compatibility: s.compatibility ?? null, mode: null })),
    },
    ...contexts,
  ],
});
const missing = (subject: string, v: number): Change => ({
  type: 'version.missing-in-target',
  severity: 'difference',
  message: '',
  context: '.',
  subject,
  version: v,
  sourceId: v,
  targetId: null,
});

describe('effective level and missing-version verdicts', () => {
  it('effective level: subject, then context (global for .), then BACKWARD', () => {
    const target = snapshot(
      'prod',
      [
        { name: 'a', versions: [], compatibility: 'FULL' },
        { name: 'b', versions: [] },
      ],
      'FORWARD',
      [{ name: '.team', compatibility: null, mode: null, subjects: [] }],
    );
    expect(effectiveLevel(target, '.', 'a')).toEqual({ level: 'FULL', source: 'subject' });
    expect(effectiveLevel(target, '.', 'b')).toEqual({ level: 'FORWARD', source: 'global' });
    expect(effectiveLevel(target, '.team', 'c')).toEqual({ level: 'FORWARD', source: 'global' });
    expect(effectiveLevel(snapshot('empty', []), '.', 'x')).toEqual({ level: 'BACKWARD', source: 'default' });
  });

  it("each missing version is judged against the target's live versions and the missing ones accepted before it", () => {
    const source = snapshot('staging', [
      {
        name: 'orders',
        versions: [version(1, record([id])), version(2, record([id, { ...note, default: '' }])), version(3, record([{ ...note, default: '' }]))],
      },
    ]);
    const target = snapshot('prod', [{ name: 'orders', versions: [version(1, record([id]))], compatibility: 'FORWARD_TRANSITIVE' }]);
    const verdicts = judgeMissingVersions([missing('orders', 2), missing('orders', 3)], source, target);
    expect(verdicts.map((v) => [v.version, v.level, v.levelSource, v.isCompatible])).toEqual([
      [2, 'FORWARD_TRANSITIVE', 'subject', true],
      [3, 'FORWARD_TRANSITIVE', 'subject', false],
    ]);
    expect(verdicts[1]!.message).toBe(
      'orders version 3 (id 103) would be refused (FORWARD_TRANSITIVE, subject level): FORWARD against version 1: .id: reader field `id` has no default and the writer has no such field; FORWARD against version 2: .id: reader field `id` has no default and the writer has no such field',
    );
  });

  it('a subject the target does not hold takes any first version: not judged', () => {
    const source = snapshot('staging', [{ name: 'new', versions: [version(1, record([id]))] }]);
    expect(judgeMissingVersions([missing('new', 1)], source, snapshot('prod', []))).toEqual([]);
  });

  it('references are resolved from the snapshot, dependencies first; a missing one is named', () => {
    const money = version(1, JSON.stringify({ type: 'record', name: 'Money', fields: [{ name: 'cents', type: 'long' }] }));
    const cur = version(1, JSON.stringify({ type: 'record', name: 'Currency', fields: [{ name: 'code', type: 'string' }] }));
    const moneyWithRef = { ...money, references: [{ name: 'Currency', subject: 'currency', version: 1 }] };
    const snap = snapshot('s', [
      { name: 'money', versions: [moneyWithRef] },
      { name: 'currency', versions: [cur] },
    ]);
    const resolved = resolveReferences({ schemaType: 'AVRO', schema: '"Money"', references: [{ name: 'Money', subject: 'money', version: 1 }] }, snap, '.');
    expect(resolved.references.map((r) => r.subject)).toEqual(['currency', 'money']);
    expect(() => resolveReferences({ schemaType: 'AVRO', schema: '"X"', references: [{ name: 'X', subject: 'gone', version: 2 }] }, snap, '.')).toThrow(
      'reference X → gone version 2 not found in s',
    );
  });
});
