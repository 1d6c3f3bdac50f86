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
    const two = [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'int' },
    ];
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

// Confluent re-prints a stored Protobuf schema: at file level and inside every message, all messages come
// before all enums (declared order kept within each kind), and a field's `default` and `json_name` options
// are printed after its other options. A verbatim-storing registry (AxonOps) keeps the text as sent.
describe("normalizeSchema PROTOBUF matches Confluent's printer", () => {
  const same = (sent: string, confluent: string) => expect(normalizeSchema('PROTOBUF', sent)).toBe(normalizeSchema('PROTOBUF', confluent));

  it('puts messages before enums at file level', () => {
    same(
      'syntax = "proto3"; enum Status { UNKNOWN = 0; OK = 1; } message Order { Status status = 1; } enum Kind { K0 = 0; } message Line { int32 n = 1; }',
      'syntax = "proto3";\n\nmessage Order {\n  Status status = 1;\n}\nmessage Line {\n  int32 n = 1;\n}\nenum Status {\n  UNKNOWN = 0;\n  OK = 1;\n}\nenum Kind {\n  K0 = 0;\n}\n',
    );
  });

  it('puts nested messages before nested enums', () => {
    same(
      'message Order { enum Status { A = 0; } message Line { int32 n = 1; enum Unit { U = 0; } message Qty { int32 q = 1; } } Status s = 1; }',
      'message Order {\n  Status s = 1;\n\n  message Line {\n    int32 n = 1;\n\n    message Qty {\n      int32 q = 1;\n    }\n    enum Unit {\n      U = 0;\n    }\n  }\n  enum Status {\n    A = 0;\n  }\n}\n',
    );
  });

  it("moves default and json_name after a field's other options", () => {
    same(
      'syntax = "proto2"; message A { optional int32 x = 1 [json_name = "ex", default = 5, deprecated = true, (my.o) = { a: 1 }]; }',
      'syntax = "proto2";\n\nmessage A {\n  optional int32 x = 1 [deprecated = true, (my.o) = { a: 1 }, default = 5, json_name = "ex"];\n}\n',
    );
  });

  it('still tells apart a changed order within a kind and a changed option value', () => {
    const base = 'message A {} message B {} enum E { X = 0; } enum F { Y = 0; }';
    expect(normalizeSchema('PROTOBUF', base)).not.toBe(normalizeSchema('PROTOBUF', 'message B {} message A {} enum E { X = 0; } enum F { Y = 0; }'));
    expect(normalizeSchema('PROTOBUF', base)).not.toBe(normalizeSchema('PROTOBUF', 'message A {} message B {} enum F { Y = 0; } enum E { X = 0; }'));
    const withDefault = 'message A { optional int32 x = 1 [default = 5, deprecated = true]; }';
    expect(normalizeSchema('PROTOBUF', withDefault)).not.toBe(normalizeSchema('PROTOBUF', withDefault.replace('default = 5', 'default = 6')));
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
