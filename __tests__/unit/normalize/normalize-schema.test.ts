import { normalizeSchema, tryNormalizeSchema, versionFingerprint } from '../../../src/core/normalize/normalize-schema.js';

const record = (extra: Record<string, unknown> = {}, fields: unknown[] = [{ name: 'id', type: 'string' }]) =>
  JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.example', fields, ...extra });

describe('normalizeSchema AVRO', () => {
  it('ignores whitespace and attribute order', () => {
    const a = record();
    const b = `{
      "fields": [ { "type": "string", "name": "id" } ],
      "namespace": "com.example",   "name": "Order",
      "type": "record" }`;
    expect(normalizeSchema('AVRO', a)).toBe(normalizeSchema('AVRO', b));
  });

  it('fully qualifies names so namespace and dotted names agree', () => {
    const dotted = JSON.stringify({ type: 'record', name: 'com.example.Order', fields: [{ name: 'id', type: 'string' }] });
    expect(normalizeSchema('AVRO', dotted)).toBe(normalizeSchema('AVRO', record()));
    expect(normalizeSchema('AVRO', dotted)).toBe('{"type":"record","name":"com.example.Order","fields":[{"name":"id","type":"string"}]}');
  });

  it('qualifies nested named types and references to them', () => {
    const schema = record({}, [
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['A', 'B'] } },
      { name: 'previous', type: ['null', 'Status'], default: null },
    ]);
    const normalized = JSON.parse(normalizeSchema('AVRO', schema));
    expect(normalized.fields[0].type.name).toBe('com.example.Status');
    expect(normalized.fields[1].type).toEqual(['null', 'com.example.Status']);
  });

  it('treats {"type":"string"} as "string"', () => {
    expect(normalizeSchema('AVRO', record({}, [{ name: 'id', type: { type: 'string' } }]))).toBe(normalizeSchema('AVRO', record()));
  });

  it('keeps docs: a doc-only change is a difference', () => {
    expect(normalizeSchema('AVRO', record({ doc: 'an order' }))).not.toBe(normalizeSchema('AVRO', record()));
    expect(normalizeSchema('AVRO', record({}, [{ name: 'id', type: 'string', doc: 'x' }]))).not.toBe(normalizeSchema('AVRO', record()));
  });

  it('keeps field order, defaults, aliases and custom properties', () => {
    const two = [{ name: 'a', type: 'string' }, { name: 'b', type: 'int' }];
    expect(normalizeSchema('AVRO', record({}, two))).not.toBe(normalizeSchema('AVRO', record({}, [...two].reverse())));
    expect(normalizeSchema('AVRO', record({}, [{ name: 'id', type: 'string', default: 'x' }]))).not.toBe(normalizeSchema('AVRO', record()));
    expect(normalizeSchema('AVRO', record({ aliases: ['Old'] }))).toContain('"aliases":["com.example.Old"]');
    expect(normalizeSchema('AVRO', record({ 'x-owner': 'team' }))).not.toBe(normalizeSchema('AVRO', record()));
  });

  it('accepts names that come from schema references', () => {
    const result = tryNormalizeSchema('AVRO', record({}, [{ name: 'customer', type: 'com.other.Customer' }]));
    expect(result.ok).toBe(true);
  });

  it('returns a whitespace-normalized text for an invalid schema, and says why', () => {
    const result = tryNormalizeSchema('AVRO', '{"type":  "record", "name": "X"}');
    expect(result.ok).toBe(false);
    expect(result.error).toBeTruthy();
    expect(result.normalized).toBe('{"type": "record", "name": "X"}');
    expect(normalizeSchema('AVRO', 'not json\n at all')).toBe('not json at all');
  });
});

describe('normalizeSchema JSON', () => {
  it('sorts keys recursively and drops whitespace', () => {
    const a = '{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}}';
    const b = '{ "properties": { "a": { "type": "integer" }, "b": { "type": "string" } }, "type": "object" }';
    expect(normalizeSchema('JSON', a)).toBe(normalizeSchema('JSON', b));
  });

  it('keeps real changes', () => {
    expect(normalizeSchema('JSON', '{"type":"object","required":["a"]}')).not.toBe(normalizeSchema('JSON', '{"type":"object"}'));
  });
});

describe('normalizeSchema PROTOBUF', () => {
  const proto = `syntax = "proto3";
package com.example;
// an order
message Order {
  string id = 1; /* the id */
  int32 count = 2 [deprecated = true];
}`;

  it('ignores comments and whitespace', () => {
    const compact = 'syntax="proto3";package com.example;message Order{string id=1;int32 count=2[deprecated=true];}';
    expect(normalizeSchema('PROTOBUF', proto)).toBe(normalizeSchema('PROTOBUF', compact));
    expect(normalizeSchema('PROTOBUF', proto.replace(/"/g, "'"))).toBe(normalizeSchema('PROTOBUF', proto));
  });

  it('keeps real changes', () => {
    expect(normalizeSchema('PROTOBUF', proto.replace('count = 2', 'count = 3'))).not.toBe(normalizeSchema('PROTOBUF', proto));
    expect(normalizeSchema('PROTOBUF', proto.replace('int32 count', 'int64 count'))).not.toBe(normalizeSchema('PROTOBUF', proto));
  });

  it('reports an unterminated comment or block', () => {
    expect(tryNormalizeSchema('PROTOBUF', 'message A { /* x').ok).toBe(false);
    expect(tryNormalizeSchema('PROTOBUF', 'message A { string id = 1;').ok).toBe(false);
  });

  it('ignores where options, imports and nested types are written, as re-printing registries move them', () => {
    const written = `syntax = "proto3";
message Order { message Line { string sku = 1; } string id = 1; option deprecated = true; repeated Line lines = 2; };
import "google/protobuf/timestamp.proto";
option java_package = "com.example";
package com.example;`;
    const reprinted = `syntax = "proto3";
package com.example;
import "google/protobuf/timestamp.proto";
option java_package = "com.example";
message Order {
  option deprecated = true;
  string id = 1;
  repeated Line lines = 2;
  message Line { string sku = 1; }
}`;
    expect(normalizeSchema('PROTOBUF', written)).toBe(normalizeSchema('PROTOBUF', reprinted));
  });

  it('keeps the order of fields, of messages (message indexes) and aggregate option values', () => {
    const ab = 'message A { string x = 1; string y = 2; } message B {}';
    expect(normalizeSchema('PROTOBUF', ab)).not.toBe(normalizeSchema('PROTOBUF', 'message A { string y = 2; string x = 1; } message B {}'));
    expect(normalizeSchema('PROTOBUF', ab)).not.toBe(normalizeSchema('PROTOBUF', 'message B {} message A { string x = 1; string y = 2; }'));
    const aggregate = 'option (my.opt) = { a: 1 b: "x" }; message A { string x = 1 [(f) = { y: 2 }]; }';
    expect(normalizeSchema('PROTOBUF', aggregate)).toBe('option(my.opt)={a:1 b:"x"};message A{string x=1[(f)={y:2}];}');
  });
});

describe('versionFingerprint', () => {
  const base = { schemaType: 'AVRO' as const, schema: record(), references: [] };

  it('is equal for formatting-only differences', () => {
    expect(versionFingerprint(base)).toBe(versionFingerprint({ ...base, schema: JSON.stringify(JSON.parse(record()), null, 2) }));
    expect(versionFingerprint({ schema: record() })).toBe(versionFingerprint(base));
  });

  it('includes schema type and references', () => {
    expect(versionFingerprint({ ...base, schemaType: 'JSON' })).not.toBe(versionFingerprint(base));
    const ref = { name: 'com.other.Customer', subject: 'customer', version: 1 };
    expect(versionFingerprint({ ...base, references: [ref] })).not.toBe(versionFingerprint(base));
    expect(versionFingerprint({ ...base, references: [ref] })).not.toBe(versionFingerprint({ ...base, references: [{ ...ref, version: 2 }] }));
  });

  it('does not depend on reference order', () => {
    const r1 = { name: 'a', subject: 'a', version: 1 };
    const r2 = { name: 'b', subject: 'b', version: 1 };
    expect(versionFingerprint({ ...base, references: [r1, r2] })).toBe(versionFingerprint({ ...base, references: [r2, r1] }));
  });
});
