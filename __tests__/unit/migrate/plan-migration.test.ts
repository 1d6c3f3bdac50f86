import { aSnapshot, aVersion, avroSchema, versionsOf } from '../../support/builders.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY, type MigrationPolicy, type MigrationScope } from '../../../src/core/plan/types.js';
import type { Snapshot } from '../../../src/core/snapshot/types.js';

const empty = () => aSnapshot('target').build();
const plan = (source: Snapshot, target: Snapshot = empty(), policy: Partial<MigrationPolicy> = {}, scope: MigrationScope = {}) =>
  planMigration({ source, target, scope, policy: { ...DEFAULT_POLICY, ...policy } });
const writes = (p: ReturnType<typeof plan>) =>
  p.steps.filter((s) => s.action !== 'skip').map((s) => `${s.action} ${s.context}:${s.subject}:${s.version ?? '-'}#${s.targetId ?? '-'}`);
const ref = (subject: string, version = 1, name = 'com.example.Common') => ({ name, subject, version });

describe('planMigration', () => {
  it('registers every version with its id and number into an empty target, the whole context in IMPORT', () => {
    const p = plan(aSnapshot().withSubject('orders', versionsOf(3, 10)).build());
    expect(writes(p)).toEqual(['register .:orders:1#11', 'register .:orders:2#12', 'register .:orders:3#13']);
    expect(p.blocked).toBe(false);
    expect(p.contextModes).toEqual([{ context: '.', previousMode: null }]);
    expect(p.subjects[0]).toMatchObject({ importScope: 'context', force: false, existsInTarget: false });
  });

  it('keeps sparse version numbers; soft-deleted versions only with includeDeleted, registered then soft-deleted', () => {
    const [, , v3, v4, v5] = versionsOf(5, 0);
    const source = aSnapshot()
      .withSubject('s', [v3!, { ...v4!, deleted: true }, v5!])
      .build();
    expect(writes(plan(source))).toEqual(['register .:s:3#3', 'register .:s:5#5']);
    expect(writes(plan(source, empty(), { includeDeleted: true }))).toEqual([
      'register .:s:3#3',
      'register .:s:4#4',
      'register .:s:5#5',
      'soft-delete .:s:4#4',
    ]);
  });

  it('skips versions the target already holds (same number, id and content): a second plan writes nothing', () => {
    const source = aSnapshot().withSubject('s', versionsOf(2)).build();
    const target = aSnapshot('target').withSubject('s', versionsOf(2)).build();
    const p = plan(source, target);
    expect(writes(p)).toEqual([]);
    expect(p.steps.map((s) => s.reason)).toEqual(['already in target', 'already in target']);
  });

  it('stops on a content conflict; --on-conflict skip leaves that subject (and its referrers) out', () => {
    const source = aSnapshot()
      .withSubject('a', aVersion({ id: 1, schema: avroSchema('A') }))
      .withSubject('b', aVersion({ id: 2, schema: avroSchema('B') }))
      .withSubject('c', aVersion({ id: 3, schema: avroSchema('C', [{ name: 'a', type: 'com.example.A' }]), references: [ref('a', 1, 'com.example.A')] }))
      .build();
    const target = aSnapshot('target')
      .withSubject('a', aVersion({ id: 1, schema: avroSchema('A', ['other']) }))
      .build();
    const failing = plan(source, target);
    expect(failing.blocked).toBe(true);
    expect(failing.conflicts.map((c) => c.type)).toEqual(['content']);
    const skipping = plan(source, target, { onConflict: 'skip' });
    expect(skipping.blocked).toBe(false);
    expect(writes(skipping)).toEqual(['register .:b:1#2']);
    expect(skipping.steps.find((s) => s.subject === 'c')!.reason).toMatch(/skipped/);
  });

  it('reports an id held by another schema in the target context (id collision)', () => {
    const source = aSnapshot()
      .withSubject('a', aVersion({ id: 7, schema: avroSchema('A') }))
      .build();
    const target = aSnapshot('target')
      .withSubject('x', aVersion({ id: 7, schema: avroSchema('X') }))
      .build();
    const p = plan(source, target);
    expect(p.conflicts).toEqual([expect.objectContaining({ type: 'id-collision', subject: 'a', version: 1, sourceId: 7 })]);
  });

  it('orders references before referrers and pulls referenced subjects in from outside the scope', () => {
    const source = aSnapshot()
      .withSubject('z-common', aVersion({ id: 5, schema: avroSchema('Common') }))
      .withSubject('a-user', aVersion({ id: 6, schema: avroSchema('User', [{ name: 'c', type: 'com.example.Common' }]), references: [ref('z-common')] }))
      .build();
    const p = plan(source, empty(), {}, { subjects: ['a-user'] });
    expect(writes(p)).toEqual(['register .:z-common:1#5', 'register .:a-user:1#6']);
    expect(p.steps[0]!.reason).toMatch(/referenced by a-user v1/);
    expect(p.steps[1]!.dependsOn).toEqual(['register:.:z-common:1']);
  });

  it('without --with-references a reference must already be in the target', () => {
    const source = aSnapshot()
      .withSubject('common', aVersion({ id: 5, schema: avroSchema('Common') }))
      .withSubject('user', aVersion({ id: 6, schema: avroSchema('User'), references: [ref('common')] }))
      .build();
    const missing = plan(source, empty(), { withReferences: false }, { subjects: ['user'] });
    expect(missing.conflicts.map((c) => c.type)).toEqual(['dangling-reference']);
    expect(missing.blocked).toBe(true);
    const present = plan(
      source,
      aSnapshot('target')
        .withSubject('common', aVersion({ id: 5, schema: avroSchema('Common') }))
        .build(),
      { withReferences: false },
      { subjects: ['user'] },
    );
    expect(present.conflicts).toEqual([]);
    expect(writes(present)).toEqual(['register .:user:1#6']);
  });

  it('reports dangling references and cycles, blocking even with --on-conflict skip', () => {
    const dangling = aSnapshot()
      .withSubject('user', aVersion({ references: [ref('nowhere', 3)] }))
      .build();
    const d = plan(dangling, empty(), { onConflict: 'skip' });
    expect(d.conflicts).toEqual([expect.objectContaining({ type: 'dangling-reference', message: expect.stringMatching(/nowhere v3/) })]);
    expect(d.blocked).toBe(true);
    const cycle = aSnapshot()
      .withSubject('a', aVersion({ id: 1, schema: avroSchema('A'), references: [ref('b')] }))
      .withSubject('b', aVersion({ id: 2, schema: avroSchema('B'), references: [ref('a')] }))
      .build();
    const c = plan(cycle, empty(), { onConflict: 'skip' });
    expect(c.conflicts.map((x) => x.type)).toEqual(['reference-cycle']);
    expect(c.conflicts[0]!.message).toMatch(/a v1 → b v1 → a v1/);
    expect(c.blocked).toBe(true);
  });

  it('maps one context to another and rewrites references for the target context', () => {
    const source = aSnapshot()
      .inContext('.a')
      .withSubject('common', aVersion({ id: 1, schema: avroSchema('Common') }))
      .withSubject('user', aVersion({ id: 2, schema: avroSchema('User'), references: [ref('common'), ref(':.shared:lib', 1, 'Lib')] }))
      .inContext('.shared')
      .withSubject('lib', aVersion({ id: 3, schema: avroSchema('Lib') }))
      .build();
    const p = plan(source, empty(), {}, { contexts: ['.a'], targetContext: '.b' });
    expect(writes(p)).toEqual(['register .b:common:1#1', 'register .shared:lib:1#3', 'register .b:user:1#2']);
    expect(p.steps.find((s) => s.subject === 'user')!.references).toEqual([ref('common'), ref(':.shared:lib', 1, 'Lib')]);
    const toDefault = plan(source, empty(), {}, { contexts: ['.a'], targetContext: '.' });
    expect(toDefault.steps.find((s) => s.subject === 'user')!.references).toEqual([ref('common'), ref(':.shared:lib', 1, 'Lib')]);
    expect(writes(toDefault)).toContain('register .:user:1#2');
  });

  it('rewrites a reference into the mapped context (default → named)', () => {
    const source = aSnapshot()
      .withSubject('common', aVersion({ id: 1, schema: avroSchema('Common') }))
      .inContext('.x')
      .withSubject('user', aVersion({ id: 9, schema: avroSchema('User'), references: [ref(':.:common')] }))
      .build();
    const p = plan(source, empty(), {}, { contexts: ['.'], targetContext: '.team' });
    expect(writes(p)).toEqual(['register .team:common:1#1']);
    const q = plan(source, empty(), {}, { contexts: ['.x'], targetContext: '.' });
    expect(q.steps.find((s) => s.subject === 'user')!.references).toEqual([ref('common')]);
    expect(q.conflicts.map((c) => c.type)).toEqual([]);
  });

  it('continues a subject whose live target versions are copies of source versions (IMPORT forced, no flag needed)', () => {
    const source = aSnapshot().withSubject('s', versionsOf(3)).build();
    const target = aSnapshot('target').withSubject('s', versionsOf(1)).build();
    const p = plan(source, target);
    expect(p.conflicts).toEqual([]);
    expect(writes(p)).toEqual(['register .:s:2#2', 'register .:s:3#3']);
    expect(p.subjects[0]).toMatchObject({ importScope: 'subject', force: true });
  });

  it('says when a target subject cannot enter IMPORT (versions of its own) and forces it with --force-import', () => {
    const source = aSnapshot().withSubject('s', versionsOf(3)).build();
    const target = aSnapshot('target')
      .withSubject('s', aVersion({ version: 9, id: 99, schema: avroSchema('Other') }))
      .build();
    const p = plan(source, target);
    expect(p.conflicts.map((c) => c.type)).toEqual(['import-not-possible']);
    const forced = plan(source, target, { forceImport: true });
    expect(forced.blocked).toBe(false);
    expect(forced.subjects[0]).toMatchObject({ importScope: 'subject', force: true, existsInTarget: true });
    expect(forced.warnings.map((w) => w.type)).toContain('force-import');
  });

  it('warns about soft-deleted target history (kept: IMPORT is entered with force=true)', () => {
    const source = aSnapshot().withSubject('s', versionsOf(3).slice(2)).build();
    const target = aSnapshot('target')
      .withSubject('s', [{ ...versionsOf(1)[0]!, deleted: true }])
      .build();
    const p = plan(source, target);
    expect(p.warnings.map((w) => w.type)).toContain('soft-deleted-history');
    expect(p.subjects[0]!.importScope).toBe('subject');
  });

  it('picks latest or listed versions', () => {
    const source = aSnapshot().withSubject('s', versionsOf(4)).build();
    expect(writes(plan(source, empty(), { versions: 'latest' }))).toEqual(['register .:s:4#4']);
    expect(writes(plan(source, empty(), { versions: [1, 3] }))).toEqual(['register .:s:1#1', 'register .:s:3#3']);
  });

  it('with --no-preserve-ids lets the target number versions and maps references to the new numbers', () => {
    const source = aSnapshot()
      .withSubject('common', aVersion({ id: 5, version: 4, schema: avroSchema('Common') }))
      .withSubject('user', aVersion({ id: 6, version: 2, schema: avroSchema('User'), references: [ref('common', 4)] }))
      .build();
    const p = plan(
      source,
      aSnapshot('target')
        .withSubject('x', aVersion({ id: 5 }))
        .build(),
      { preserveIds: false },
    );
    expect(p.conflicts).toEqual([]);
    expect(writes(p).filter((w) => w.startsWith('register'))).toEqual(['register .:common:-#-', 'register .:user:-#-']);
    expect(p.steps.find((s) => s.subject === 'user' && s.action === 'register')!.referenceSteps).toEqual(['register:.:common:s4']);
    expect(p.subjects.every((s) => s.importScope === 'none')).toBe(true);
  });

  it('copies subject compatibility after the versions, recording the previous value', () => {
    const source = aSnapshot().withSubject('s', versionsOf(1), { compatibility: 'FULL' }).build();
    const target = aSnapshot('target').withSubject('s', versionsOf(1), { compatibility: 'NONE' }).build();
    const p = plan(source, target);
    expect(p.steps.at(-1)).toMatchObject({ action: 'set-compatibility', compatibility: 'FULL', previousCompatibility: 'NONE' });
    expect(writes(plan(source, target, { copyConfig: false }))).toEqual([]);
  });

  it('refuses id 0 (no id on some servers) and a schema the target subject holds under another number', () => {
    expect(
      plan(
        aSnapshot()
          .withSubject('s', aVersion({ id: 0 }))
          .build(),
      ).conflicts.map((c) => c.type),
    ).toEqual(['id-not-preservable']);
    const source = aSnapshot()
      .withSubject('s', aVersion({ version: 2, id: 1 }))
      .build();
    const target = aSnapshot('target')
      .withSubject('s', aVersion({ version: 1, id: 1 }))
      .build();
    expect(plan(source, target).conflicts.map((c) => c.type)).toContain('version-occupied');
  });

  it("warns about data contracts (metadata, rules) that some targets drop, ignoring AxonOps' confluent:version", () => {
    const source = aSnapshot()
      .withSubject('plain', aVersion({ id: 1, schema: avroSchema('P'), metadata: { properties: { 'confluent:version': '1' } } }))
      .withSubject('owned', aVersion({ id: 2, schema: avroSchema('O'), metadata: { properties: { owner: 'team-a' } } }))
      .build();
    expect(
      plan(source)
        .warnings.filter((w) => w.type === 'data-contract')
        .map((w) => w.subject),
    ).toEqual(['owned']);
  });

  it('propagates soft deletes when asked', () => {
    const source = aSnapshot()
      .withSubject('s', [versionsOf(2)[0]!, { ...versionsOf(2)[1]!, deleted: true }])
      .build();
    const target = aSnapshot('target').withSubject('s', versionsOf(2)).build();
    expect(writes(plan(source, target, { propagateDeletes: true }))).toEqual(['soft-delete .:s:2#2']);
    expect(writes(plan(source, target))).toEqual([]);
  });

  it('fingerprints change when the target changes in scope', () => {
    const source = aSnapshot().withSubject('s', versionsOf(2)).build();
    const a = plan(source, empty());
    const b = plan(source, aSnapshot('target').withSubject('s', versionsOf(1)).build(), { forceImport: true });
    expect(a.fingerprints.source).toEqual(b.fingerprints.source);
    expect(a.fingerprints.target).not.toEqual(b.fingerprints.target);
  });
});

// Outside IMPORT (--no-preserve-ids) every registration is checked against the subject's compatibility
// (Confluent, AxonOps): a history the source accepted under NONE would be refused by a BACKWARD default.
describe('planMigration with --no-preserve-ids: compatibility around the writes', () => {
  const around = (p: ReturnType<typeof plan>) =>
    p.steps.map(
      (s) =>
        `${s.action}${s.beforeVersions ? ' (before)' : ''} ${s.subject} ${s.action === 'set-compatibility' ? (s.compatibility ?? '(remove)') : s.sourceVersion}`,
    );

  it('sets NONE before the first version and the source level after (--copy-config)', () => {
    const source = aSnapshot().withSubject('s', versionsOf(2), { compatibility: 'NONE' }).withSubject('t', versionsOf(1), { compatibility: 'FULL' }).build();
    expect(around(plan(source, empty(), { preserveIds: false }))).toEqual([
      'set-compatibility (before) s NONE',
      'set-compatibility (before) t NONE',
      'register s 1',
      'register s 2',
      'register t 1',
      'set-compatibility s NONE',
      'set-compatibility t FULL',
    ]);
  });

  it("puts the target's own level back after the versions, removing it where it had none", () => {
    const source = aSnapshot().withSubject('s', versionsOf(1)).withSubject('t', versionsOf(1)).build();
    const target = aSnapshot('target')
      .withSubject('t', versionsOf(1, 50, 'Other'), { compatibility: 'FORWARD' })
      .build();
    const p = plan(source, target, { preserveIds: false, copyConfig: false });
    expect(around(p)).toEqual([
      'set-compatibility (before) s NONE',
      'set-compatibility (before) t NONE',
      'register s 1',
      'register t 1',
      'set-compatibility s (remove)',
      'set-compatibility t FORWARD',
    ]);
    expect(p.steps[1]).toMatchObject({ previousCompatibility: 'FORWARD' });
  });

  it('leaves compatibility alone where the target subject is NONE already, and with preserved ids (IMPORT checks nothing)', () => {
    const source = aSnapshot().withSubject('s', versionsOf(2)).build();
    const target = aSnapshot('target')
      .withSubject('s', versionsOf(1, 50, 'Other'), { compatibility: 'NONE' })
      .build();
    expect(around(plan(source, target, { preserveIds: false, copyConfig: false }))).toEqual(['register s 1', 'register s 2']);
    expect(around(plan(source))).toEqual(['register s 1', 'register s 2']);
  });

  it('warns that a version without metadata/rules written after one with them inherits them', () => {
    const [v1, v2] = versionsOf(2);
    const source = aSnapshot()
      .withSubject('s', [{ ...v1!, metadata: { properties: { owner: 'a' } } }, v2!])
      .build();
    const p = plan(source, empty(), { preserveIds: false });
    expect(p.warnings).toEqual([
      expect.objectContaining({ type: 'data-contract', subject: 's', message: expect.stringMatching(/v2 .*inherits the previous version's metadata\/rules/) }),
    ]);
    expect(plan(aSnapshot().withSubject('s', versionsOf(2)).build(), empty(), { preserveIds: false }).warnings).toEqual([]);
  });
});

describe('planMigration: the compatibility of contexts migrated as a whole (--copy-context-config)', () => {
  const source = () =>
    aSnapshot('source')
      .inContext('.', { compatibility: 'FULL' })
      .withSubject('a', versionsOf(1))
      .inContext('.team', { compatibility: 'FORWARD' })
      .withSubject('b', versionsOf(1, 10, 'B'))
      .inContext('.empty', { compatibility: 'NONE' })
      .build();
  const target = () => aSnapshot('target').inContext('.', { compatibility: 'backward' }).build();
  const contextSteps = (p: ReturnType<typeof plan>) => p.steps.filter((s) => s.subject === '').map((s) => [s.stepId, s.compatibility, s.previousCompatibility]);

  it('one step per context whose level differs, after every other step; an empty source context absent from the target gets none', () => {
    const p = plan(source(), target(), { copyContextConfig: true });
    expect(contextSteps(p)).toEqual([
      ['set-compatibility:.::-', 'FULL', 'backward'],
      ['set-compatibility:.team::-', 'FORWARD', null],
    ]);
    expect(p.steps.slice(-2).every((s) => s.subject === '')).toBe(true);
  });

  it('none without the policy (older plans, sync), with --subjects/--exclude, or where the levels already agree (any case)', () => {
    expect(contextSteps(plan(source(), target()))).toEqual([]);
    expect(contextSteps(plan(source(), target(), { copyContextConfig: true }, { subjects: ['a'] }))).toEqual([]);
    const same = aSnapshot('target').inContext('.', { compatibility: 'full' }).inContext('.team', { compatibility: 'FORWARD' }).build();
    expect(contextSteps(plan(source(), same, { copyContextConfig: true }))).toEqual([]);
  });

  it('--target-context maps the level too; a context the source does not answer is left alone', () => {
    const p = plan(source(), target(), { copyContextConfig: true }, { contexts: ['.team'], targetContext: '.other' });
    expect(contextSteps(p)).toEqual([['set-compatibility:.other::-', 'FORWARD', null]]);
    const unknown = aSnapshot('source').withSubject('a', versionsOf(1)).build();
    expect(contextSteps(plan(unknown, target(), { copyContextConfig: true }))).toEqual([]);
  });
});
