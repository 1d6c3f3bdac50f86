// Confluent hashes a version's schema text, references, metadata and rule set into its id: the same text
// with another data contract, or a JSON Schema with its keys in another order, is a new id and version
// there. srx compares and plans with that identity (AxonOps' own `confluent:version` property aside).
import { diffSnapshots } from '../../../src/core/diff/diff-snapshots.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY, type MigrationPolicy } from '../../../src/core/plan/types.js';
import type { Snapshot } from '../../../src/core/snapshot/types.js';
import { aSnapshot, aVersion } from '../../support/builders.js';

const plan = (source: Snapshot, target: Snapshot, policy: Partial<MigrationPolicy> = {}) =>
  planMigration({ source, target, scope: {}, policy: { ...DEFAULT_POLICY, ...policy } });
const actions = (p: ReturnType<typeof plan>) => p.steps.filter((s) => s.action !== 'set-compatibility').map((s) => s.action);

const metadata = { properties: { owner: 'team-a' }, tags: { '**.ssn': ['PII'] } };
const ruleSet = { domainRules: [{ name: 'checkSsn', kind: 'CONDITION', type: 'CEL', mode: 'WRITE', expr: 'message.ssn != ""' }] };
const jsonSchema = '{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}';
const reordered = '{"properties":{"b":{"type":"integer"},"a":{"type":"string"}},"type":"object"}';

describe("metadata and rule set are part of a version's identity", () => {
  it('compare reports version.metadata-differs and version.rules-differ as conflicts', () => {
    const source = aSnapshot().withSubject('s', aVersion({ metadata, ruleSet })).build();
    const target = aSnapshot('target').withSubject('s', aVersion()).build();
    const diff = diffSnapshots(source, target);
    expect(diff.changes.map((c) => [c.type, c.severity])).toEqual([
      ['version.metadata-differs', 'conflict'],
      ['version.rules-differ', 'conflict'],
    ]);
    expect(diff.subjects[0]!.versions).toEqual([expect.objectContaining({ version: 1, status: 'data-contract-differs' })]);
  });

  it("ignores AxonOps' confluent:version property, empty maps and key order inside metadata", () => {
    const axonOps = { properties: { 'confluent:version': '1', owner: 'team-a' }, tags: { '**.ssn': ['PII'] }, sensitive: [] };
    const source = aSnapshot().withSubject('s', aVersion({ metadata, ruleSet })).build();
    const target = aSnapshot('target')
      .withSubject('s', aVersion({ metadata: axonOps, ruleSet: { migrationRules: [], ...ruleSet } }))
      .build();
    expect(diffSnapshots(source, target).changes).toEqual([]);
    const bare = aSnapshot('target')
      .withSubject('s', aVersion({ metadata: { properties: { 'confluent:version': '1' } } }))
      .build();
    expect(diffSnapshots(aSnapshot().withSubject('s', aVersion()).build(), bare).changes).toEqual([]);
  });

  it('the planner never takes a version with another data contract as the one already in the target', () => {
    const source = aSnapshot().withSubject('s', aVersion({ metadata })).build();
    const target = aSnapshot('target').withSubject('s', aVersion()).build();
    const preserving = plan(source, target);
    expect(preserving.blocked).toBe(true);
    expect(preserving.conflicts).toEqual([expect.objectContaining({ type: 'content', message: expect.stringMatching(/different metadata or rules/) })]);
    expect(actions(plan(source, target, { preserveIds: false }))).toEqual(['register']);
    const same = aSnapshot('target')
      .withSubject('s', aVersion({ metadata: { ...metadata, properties: { ...metadata.properties, 'confluent:version': '1' } } }))
      .build();
    expect(actions(plan(source, same))).toEqual(['skip']);
  });
});

describe("JSON Schema key order is part of a version's identity for planning", () => {
  const source = aSnapshot()
    .withSubject('j', aVersion({ schemaType: 'JSON', schema: jsonSchema }))
    .build();
  const target = aSnapshot('target')
    .withSubject('j', aVersion({ schemaType: 'JSON', schema: reordered }))
    .build();

  it('compare still calls a key-reordered schema equivalent', () => {
    expect(diffSnapshots(source, target).changes).toEqual([]);
  });

  it('planning makes it a conflict (ids kept) or a new version (--no-preserve-ids), never a skip', () => {
    const preserving = plan(source, target);
    expect(preserving.conflicts).toEqual([expect.objectContaining({ type: 'content', message: expect.stringMatching(/keys in another order/) })]);
    expect(actions(plan(source, target, { preserveIds: false }))).toEqual(['register']);
    const spaced = aSnapshot('target')
      .withSubject('j', aVersion({ schemaType: 'JSON', schema: JSON.stringify(JSON.parse(jsonSchema), null, 2) }))
      .build();
    expect(actions(plan(source, spaced))).toEqual(['skip']);
  });
});
