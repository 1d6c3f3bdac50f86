import { diffSnapshots } from '../../../src/core/diff/diff-snapshots.js';
import { aSnapshot, aVersion, avroSchema, versionsOf } from '../../support/builders.js';

const types = (diff: ReturnType<typeof diffSnapshots>) => diff.changes.map((c) => c.type);

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    const source = aSnapshot().withSubject('orders-value', versionsOf(3)).build();
    const target = aSnapshot('target').withSubject('orders-value', versionsOf(3)).build();
    const diff = diffSnapshots(source, target);
    expect(diff.changes).toEqual([]);
    expect(diff.summary).toMatchObject({ subjectsInBoth: 1, identicalSubjects: 1, differingSubjects: 0, conflicts: 0 });
    expect(diff.subjects[0]).toMatchObject({ subject: 'orders-value', context: '.', status: 'identical', versions: [] });
  });

  it('does not report formatting-only differences', () => {
    const pretty = JSON.stringify(JSON.parse(avroSchema()), null, 2);
    const source = aSnapshot().withSubject('s', aVersion()).build();
    const target = aSnapshot('target')
      .withSubject('s', aVersion({ schema: pretty }))
      .build();
    expect(diffSnapshots(source, target).changes).toEqual([]);
  });

  it('reports a doc-only Avro difference as content', () => {
    const source = aSnapshot().withSubject('s', aVersion()).build();
    const withDoc = JSON.stringify({ ...JSON.parse(avroSchema()), doc: 'orders' });
    const target = aSnapshot('target')
      .withSubject('s', aVersion({ schema: withDoc }))
      .build();
    expect(types(diffSnapshots(source, target))).toEqual(['version.content-differs']);
  });

  it('reports subjects and versions present on one side only', () => {
    const source = aSnapshot()
      .withSubject('a', versionsOf(3))
      .withSubject('only-source', aVersion({ id: 50 }))
      .build();
    const target = aSnapshot('target')
      .withSubject('a', versionsOf(2))
      .withSubject('only-target', aVersion({ id: 60 }))
      .build();
    const diff = diffSnapshots(source, target);
    expect(diff.summary).toMatchObject({
      subjectsOnlyInSource: 1,
      subjectsOnlyInTarget: 1,
      subjectsInBoth: 1,
      differingSubjects: 1,
      versionsMissingInTarget: 2,
      versionsMissingInSource: 1,
    });
    expect(diff.subjects.find((s) => s.subject === 'a')!.versions).toEqual([{ version: 3, status: 'missing-in-target', sourceId: 3, targetId: null }]);
    expect(diff.subjects.find((s) => s.subject === 'only-target')!.status).toBe('only-in-target');
  });

  it('compares sparse version numbers by number', () => {
    const [v1, v2] = versionsOf(2);
    const source = aSnapshot()
      .withSubject('s', [
        { ...v1!, version: 5 },
        { ...v2!, version: 9 },
      ])
      .build();
    const target = aSnapshot('target')
      .withSubject('s', [
        { ...v1!, version: 5 },
        { ...v2!, version: 7 },
      ])
      .build();
    const statuses = diffSnapshots(source, target).subjects[0]!.versions.map((v) => [v.version, v.status]);
    expect(statuses).toEqual([
      [7, 'missing-in-source'],
      [9, 'missing-in-target'],
    ]);
  });

  it('tells id, schema type, reference and deleted differences apart', () => {
    const ref = { name: 'com.example.Customer', subject: 'customer-value', version: 1 };
    const source = aSnapshot()
      .withSubject('id', aVersion({ id: 10 }))
      .withSubject('type', aVersion({ id: 11, schemaType: 'JSON', schema: '{"type":"object"}' }))
      .withSubject('refs', aVersion({ id: 12, references: [ref] }))
      .withSubject('del', aVersion({ id: 13, deleted: true }))
      .build();
    const target = aSnapshot('target')
      .withSubject('id', aVersion({ id: 20 }))
      .withSubject('type', aVersion({ id: 11, schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message A {}' }))
      .withSubject('refs', aVersion({ id: 12, references: [{ ...ref, version: 2 }] }))
      .withSubject('del', aVersion({ id: 13 }))
      .build();
    const diff = diffSnapshots(source, target);
    const bySubject = Object.fromEntries(diff.changes.filter((c) => c.type !== 'id.collision').map((c) => [c.subject, c.type]));
    expect(bySubject).toEqual({
      id: 'version.id-differs',
      type: 'version.schema-type-differs',
      refs: 'version.references-differ',
      del: 'version.deleted-differs',
    });
    expect(diff.subjects.find((s) => s.subject === 'type')!.versions[0]).toMatchObject({
      status: 'content-differs',
      schemaType: { source: 'JSON', target: 'PROTOBUF' },
    });
    expect(diff.changes.find((c) => c.type === 'version.id-differs')!.severity).toBe('difference');
    expect(diff.changes.find((c) => c.type === 'version.schema-type-differs')!.severity).toBe('conflict');
  });

  it('finds id collisions per context', () => {
    const other = avroSchema('Other');
    const source = aSnapshot()
      .withSubject('a', aVersion({ id: 7 }))
      .inContext('.x')
      .withSubject('b', aVersion({ id: 7 }))
      .build();
    const target = aSnapshot('target')
      .withSubject('c', aVersion({ id: 7, schema: other }))
      .inContext('.x')
      .withSubject('d', aVersion({ id: 7 }))
      .build();
    const collisions = diffSnapshots(source, target).changes.filter((c) => c.type === 'id.collision');
    expect(collisions).toHaveLength(1);
    expect(collisions[0]).toMatchObject({ context: '.', sourceId: 7, subject: 'a', targetSubject: 'c', severity: 'conflict' });
    expect(collisions[0]!.message).toContain('id 7');
  });

  it('keeps the same subject name in two contexts apart', () => {
    const source = aSnapshot()
      .withSubject('orders-value', aVersion())
      .inContext('.team-a')
      .withSubject('orders-value', aVersion({ id: 2 }))
      .build();
    const target = aSnapshot('target').withSubject('orders-value', aVersion()).build();
    const diff = diffSnapshots(source, target);
    expect(diff.subjects.map((s) => [s.context, s.subject, s.status])).toEqual([
      ['.', 'orders-value', 'identical'],
      ['.team-a', 'orders-value', 'only-in-source'],
    ]);
    expect(diff.changes[0]!.message).toContain(':.team-a:orders-value');
  });

  it('compares config case-insensitively, subject and context level, unless disabled', () => {
    const source = aSnapshot()
      .inContext('.', { compatibility: 'BACKWARD', mode: 'READWRITE' })
      .withSubject('s', aVersion(), { compatibility: 'FULL', mode: 'readonly' })
      .build();
    const target = aSnapshot('target')
      .inContext('.', { compatibility: 'NONE', mode: 'READWRITE' })
      .withSubject('s', aVersion(), { compatibility: null, mode: 'READONLY' })
      .build();
    const diff = diffSnapshots(source, target);
    expect(types(diff)).toEqual(['context.compatibility-differs', 'subject.compatibility-differs']);
    expect(diff.subjects[0]).toMatchObject({ status: 'differs', config: { source: 'FULL', target: null } });
    expect(diff.summary.configDifferences).toBe(2);
    expect(diffSnapshots(source, target, { includeConfig: false }).changes).toEqual([]);
  });

  it('compares differently named contexts when paired', () => {
    const source = aSnapshot().inContext('.a').withSubject('s', aVersion()).build();
    const target = aSnapshot('target').inContext('.b').withSubject('s', aVersion()).build();
    const diff = diffSnapshots(source, target, { contexts: [{ source: '.a', target: '.b' }] });
    expect(diff.subjects).toEqual([expect.objectContaining({ context: '.a', targetContext: '.b', status: 'identical' })]);
  });
});
