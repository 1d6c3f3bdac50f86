import { diffSemantics, type ResolvedSchema } from '../../../src/core/compat/index.js';

const proto = (body: string, extra = '', syntax = 'proto3'): ResolvedSchema => ({
  schemaType: 'PROTOBUF',
  schema: `syntax = "${syntax}";\npackage shop;\nmessage Order {\n${body}\n}\n${extra}`,
  references: [],
});
const verdicts = (older: ResolvedSchema, newer: ResolvedSchema) =>
  diffSemantics(older, newer).changes.map((c) => [c.type, c.breaking.BACKWARD, c.breaking.FORWARD]);
const messages = (older: ResolvedSchema, newer: ResolvedSchema) => diffSemantics(older, newer).changes.map((c) => c.message);

describe('Protobuf rules (wire compatibility, on protobufjs)', () => {
  it('field added or removed: safe on the wire; a removed number not reserved is said so', () => {
    expect(verdicts(proto('string id = 1;'), proto('string id = 1; int64 total = 2;'))).toEqual([['field.added', false, false]]);
    expect(messages(proto('string id = 1; int64 total = 2;'), proto('string id = 1;'))).toEqual([
      'field `total` (number 2) removed (number 2 not reserved, so it can be reused later): safe for BACKWARD, FORWARD, FULL',
    ]);
    expect(messages(proto('string id = 1; int64 total = 2;'), proto('reserved 2; string id = 1;'))[0]).toContain('(number 2 reserved)');
  });

  it('type change within a wire-compatible group (int32 → int64, string → bytes, sint32 → sint64): safe', () => {
    for (const [from, to] of [
      ['int32', 'int64'],
      ['string', 'bytes'],
      ['sint32', 'sint64'],
      ['fixed32', 'sfixed32'],
      ['uint64', 'bool'],
    ]) {
      expect(verdicts(proto(`${from} n = 1;`), proto(`${to} n = 1;`))).toEqual([['field.type-changed', false, false]]);
    }
  });

  it('type change across wire types (int32 → string, int32 → sint32, double → float): breaks every level', () => {
    for (const [from, to] of [
      ['int32', 'string'],
      ['int32', 'sint32'],
      ['double', 'float'],
      ['string', 'Inner'],
    ]) {
      expect(verdicts(proto(`${from} n = 1; message Inner { string a = 1; }`), proto(`${to} n = 1; message Inner { string a = 1; }`))).toEqual([
        ['field.type-changed', true, true],
      ]);
    }
  });

  it('field number reuse: another field under an old number breaks every level', () => {
    expect(messages(proto('string note = 3;'), proto('int64 total = 3;'))).toEqual([
      'field number 3 reused: `note` string → `total` int64: breaking for every level',
    ]);
  });

  it('field renamed (same number and type): safe on the wire', () => {
    expect(verdicts(proto('string note = 3;'), proto('string comment = 3;'))).toEqual([['field.renamed', false, false]]);
  });

  it('scalar made repeated (or back): breaks; for string, bytes and messages it is safe', () => {
    expect(verdicts(proto('int32 n = 1;'), proto('repeated int32 n = 1;'))).toEqual([['field.label-changed', true, true]]);
    expect(verdicts(proto('string s = 1;'), proto('repeated string s = 1;'))).toEqual([['field.label-changed', false, false]]);
  });

  it('oneof moves: one field into a new oneof breaks FORWARD only (old readers see it leave no oneof); two together, or one into an existing oneof, break BACKWARD', () => {
    expect(verdicts(proto('string a = 1; string b = 2;'), proto('string b = 2; oneof pick { string a = 1; }'))).toEqual([['field.oneof-changed', false, true]]);
    expect(
      verdicts(proto('string a = 1; string b = 2;'), proto('oneof pick { string a = 1; string b = 2; }')).filter(([t]) => t === 'oneof.fields-moved-in'),
    ).toEqual([['oneof.fields-moved-in', true, false]]);
    expect(verdicts(proto('string a = 1; oneof pick { string b = 2; }'), proto('oneof pick { string a = 1; string b = 2; }'))).toEqual([
      ['field.oneof-changed', true, true],
    ]);
  });

  it('field removed from a oneof breaks BACKWARD; taken out of a oneof with other members: breaks every level', () => {
    expect(verdicts(proto('oneof pick { string a = 1; string b = 2; }'), proto('oneof pick { string a = 1; }'))).toEqual([['field.removed', true, false]]);
    expect(verdicts(proto('oneof pick { string a = 1; string b = 2; }'), proto('string b = 2; oneof pick { string a = 1; }'))).toEqual([
      ['field.oneof-changed', true, true],
    ]);
  });

  it('enum value removed: safe on the wire (readers keep the number as unknown)', () => {
    const withEnum = (values: string) => proto('Status s = 1;', `enum Status { ${values} }`);
    expect(messages(withEnum('NEW = 0; PAID = 1;'), withEnum('NEW = 0;'))).toEqual([
      'enum value `PAID` (1) removed from shop.Status (readers see the number as unknown): safe for BACKWARD, FORWARD, FULL',
    ]);
  });

  it('message renamed or removed: breaks BACKWARD; a message added breaks FORWARD (the same rule read the other way)', () => {
    const two = proto('string id = 1;', 'message Line { string sku = 1; }');
    const renamed = proto('string id = 1;', 'message Item { string sku = 1; }');
    expect(verdicts(two, renamed)).toEqual([
      ['message.renamed', true, false],
      ['message.added', false, true],
    ]);
  });

  it('package changed: breaks every level', () => {
    const other: ResolvedSchema = { ...proto('string id = 1;'), schema: proto('string id = 1;').schema.replace('package shop;', 'package store;') };
    expect(verdicts(proto('string id = 1;'), other)[0]).toEqual(['package.changed', true, true]);
  });

  it('proto2 required field added or removed: breaks every level (one side always misses a required field)', () => {
    expect(verdicts(proto('optional string id = 1;', '', 'proto2'), proto('optional string id = 1; required int64 total = 2;', '', 'proto2'))).toEqual([
      ['field.added', true, true],
    ]);
    expect(verdicts(proto('optional string id = 1; required int64 total = 2;', '', 'proto2'), proto('optional string id = 1;', '', 'proto2'))).toEqual([
      ['field.removed', true, true],
    ]);
  });

  it('references: imported message types resolve and are compared by shape', () => {
    const money = { name: 'money.proto', subject: 'money-value', version: 1, schema: 'syntax = "proto3";\npackage shop;\nmessage Money { int64 cents = 1; }' };
    const withImport = (field: string): ResolvedSchema => ({
      schemaType: 'PROTOBUF',
      schema: `syntax = "proto3";\npackage shop;\nimport "money.proto";\nmessage Order { ${field} }`,
      references: [money],
    });
    expect(verdicts(withImport('Money price = 1;'), withImport('Money price = 1; Money tax = 2;'))).toEqual([['field.added', false, false]]);
    expect(verdicts(withImport('Money price = 1;'), withImport('string price = 1;'))).toEqual([['field.type-changed', true, true]]);
  });
});

describe('Protobuf rules where AxonOps deviates from Confluent (Confluent followed)', () => {
  it('an enum field changed to another enum type: safe (both are varints; AxonOps requires the same enum name)', () => {
    const body = (type: string) => proto(`${type} s = 1;`, 'enum A { A0 = 0; } enum B { B0 = 0; }');
    expect(verdicts(body('A'), body('B'))).toEqual([['field.type-changed', false, false]]);
  });

  it('a message field changed to another message name: breaks, even with the same shape (AxonOps compares shapes only)', () => {
    const body = (type: string) => proto(`${type} m = 1;`, 'message P { string a = 1; } message Q { string a = 1; }');
    expect(verdicts(body('P'), body('Q'))).toEqual([['field.type-changed', true, true]]);
  });
});
