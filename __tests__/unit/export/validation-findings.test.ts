import { configFindings, modeFindings, planFindings, schemaFindings } from '../../../src/core/operations/validation-findings.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import type { Snapshot } from '../../../src/core/snapshot/types.js';
import { aSnapshot, aVersion, avroSchema, versionsOf } from '../../support/builders.js';

const plan = (source: Snapshot, target: Snapshot) => planMigration({ source, target, scope: {}, policy: DEFAULT_POLICY });

describe('export validation findings', () => {
  it('turns planner conflicts into blocking findings with dotted types', () => {
    const source = aSnapshot('export', 'export')
      .withSubject('a', aVersion({ id: 1, schema: avroSchema('A') }))
      .build();
    const target = aSnapshot('target')
      .withSubject('a', aVersion({ id: 1, schema: avroSchema('A', ['other']) }))
      .build();
    const findings = planFindings(plan(source, target));
    expect(findings).toEqual([expect.objectContaining({ severity: 'blocking', type: 'conflict.content', subject: 'a', version: 1 })]);
  });

  it('blocks on a READONLY context or subject that would receive versions, not on one left alone', () => {
    const source = aSnapshot('export', 'export')
      .withSubject('a', versionsOf(2))
      .withSubject('b', versionsOf(1, 10, 'B'))
      .build();
    const target = aSnapshot('target')
      .withSubject('a', versionsOf(1), { mode: 'READONLY' })
      .withSubject('b', versionsOf(1, 10, 'B'), { mode: 'READONLY_OVERRIDE' })
      .build();
    const p = plan(source, target);
    expect(modeFindings(p, target).map((f) => `${f.type} ${f.subject ?? f.context}`)).toEqual(['mode.unknown .', 'mode.readonly a']);
    const known = aSnapshot('target').inContext('.', { mode: 'READWRITE' }).withSubject('a', versionsOf(1), { mode: 'READONLY' }).build();
    expect(modeFindings(plan(source, known), known).map((f) => f.type)).toEqual(['mode.readonly']);
    const frozen = aSnapshot('target').inContext('.', { mode: 'readonly' }).build();
    expect(modeFindings(plan(source, frozen), frozen)).toEqual([expect.objectContaining({ type: 'mode.readonly', context: '.', severity: 'blocking' })]);
  });

  it('tells what config an import changes and what it leaves', () => {
    const source = aSnapshot('export', 'export')
      .inContext('.', { compatibility: 'BACKWARD' })
      .withSubject('a', versionsOf(1), { compatibility: 'NONE', mode: 'READONLY' })
      .build();
    const target = aSnapshot('target').inContext('.', { compatibility: 'FULL' }).build();
    const findings = configFindings(source, target, plan(source, target));
    expect(findings.map((f) => [f.severity, f.type])).toEqual([
      ['info', 'config.compatibility'],
      ['info', 'config.mode'],
      ['info', 'config.context-compatibility'],
    ]);
    expect(findings[0]!.message).toBe('a: compatibility will be set to NONE (target: not set)');
    expect(findings[2]!.message).toBe('global compatibility differs: export BACKWARD, target FULL (import does not change it)');
  });

  it('with the context levels copied (what `srx import` does by default) the global level is a change, not a difference left', () => {
    const source = aSnapshot('export', 'export').inContext('.', { compatibility: 'BACKWARD' }).withSubject('a', versionsOf(1)).build();
    const target = aSnapshot('target').inContext('.', { compatibility: 'FULL' }).build();
    const planned = planMigration({ source, target, scope: {}, policy: { ...DEFAULT_POLICY, copyContextConfig: true } });
    expect(configFindings(source, target, planned).map((f) => [f.type, f.message])).toEqual([
      ['config.context-compatibility', 'global compatibility will be set to BACKWARD (target: FULL)'],
    ]);
  });

  it('blocks on schemas that do not parse, for each schema type, and passes valid ones (references allowed)', () => {
    const exported = aSnapshot('export', 'export')
      .withSubject('good-avro', aVersion({ id: 1, schema: avroSchema('A') }))
      .withSubject(
        'ref-avro',
        aVersion({
          id: 2,
          schema: JSON.stringify({ type: 'record', name: 'B', fields: [{ name: 'a', type: 'com.example.A' }] }),
          references: [{ name: 'com.example.A', subject: 'good-avro', version: 1 }],
        }),
      )
      .withSubject('bad-avro', aVersion({ id: 3, schema: '{"type": "record", "name": "X"}' }))
      .withSubject('good-proto', aVersion({ id: 4, schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; import "other.proto"; message M { int32 a = 1; }' }))
      .withSubject('bad-proto', aVersion({ id: 5, schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message M { int32 a = ; }' }))
      .withSubject('good-json', aVersion({ id: 6, schemaType: 'JSON', schema: '{"type": "object"}' }))
      .withSubject('bad-json', aVersion({ id: 7, schemaType: 'JSON', schema: '{"type": ' }))
      .build();
    const findings = schemaFindings(exported);
    expect(findings.map((f) => `${f.severity} ${f.type} ${f.subject}`)).toEqual([
      'blocking schema.invalid bad-avro',
      'blocking schema.invalid bad-json',
      'blocking schema.invalid bad-proto',
    ]);
    expect(findings[2]!.message).toMatch(/bad-proto v1: invalid PROTOBUF schema: illegal/);
  });
});
