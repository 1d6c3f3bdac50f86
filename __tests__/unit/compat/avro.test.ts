import { diffSemantics, type ResolvedSchema } from '../../../src/core/compat/index.js';

const avro = (fields: unknown[], extra: Record<string, unknown> = {}): ResolvedSchema => ({
  schemaType: 'AVRO',
  schema: JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.acme', fields, ...extra }),
  references: [],
});
const verdicts = (older: ResolvedSchema, newer: ResolvedSchema) =>
  diffSemantics(older, newer).changes.map((c) => [c.type, c.path, c.breaking.BACKWARD, c.breaking.FORWARD, c.breaking.FULL]);
const messages = (older: ResolvedSchema, newer: ResolvedSchema) => diffSemantics(older, newer).changes.map((c) => c.message);
const id = { name: 'id', type: 'string' };

describe('Avro rules (schema resolution, on avsc)', () => {
  it('field added with a default: safe for every level', () => {
    expect(messages(avro([id]), avro([id, { name: 'note', type: 'string', default: '' }]))).toEqual([
      'field `note` added with default: safe for BACKWARD, FORWARD, FULL',
    ]);
  });

  it('field added without a default: breaks BACKWARD (new readers cannot fill it from old data)', () => {
    expect(verdicts(avro([id]), avro([id, { name: 'note', type: 'string' }]))).toEqual([['field.added', '.note', true, false, true]]);
  });

  it('field removed without a default: breaks FORWARD (old readers need it); with a default: safe', () => {
    expect(verdicts(avro([id, { name: 'note', type: 'string' }]), avro([id]))).toEqual([['field.removed', '.note', false, true, true]]);
    expect(verdicts(avro([id, { name: 'note', type: 'string', default: '' }]), avro([id]))).toEqual([['field.removed', '.note', false, false, false]]);
  });

  it.each([
    ['int', 'long'],
    ['int', 'double'],
    ['long', 'float'],
    ['float', 'double'],
    ['string', 'bytes'],
    ['bytes', 'string'],
  ])('type promotion %s → %s: safe for BACKWARD, breaks FORWARD (except string/bytes, both ways)', (from, to) => {
    const [[, , backward, forward]] = verdicts(avro([{ name: 'n', type: from }]), avro([{ name: 'n', type: to }])) as [[string, string, boolean, boolean]];
    expect(backward).toBe(false);
    expect(forward).toBe(!(from === 'string' || from === 'bytes'));
  });

  it('type change across families (int → string): breaks every level', () => {
    expect(messages(avro([{ name: 'amount', type: 'int' }]), avro([{ name: 'amount', type: 'string' }]))).toEqual([
      'field `amount` type int → string: breaking for every level',
    ]);
  });

  it('enum symbol removed: breaks BACKWARD; enum symbol added: breaks FORWARD', () => {
    const status = (symbols: string[], extra = {}) => avro([{ name: 'status', type: { type: 'enum', name: 'Status', symbols, ...extra } }]);
    expect(messages(status(['NEW', 'REFUNDED']), status(['NEW']))).toEqual(['enum symbol `REFUNDED` removed: breaking for BACKWARD, FULL (safe for FORWARD)']);
    expect(verdicts(status(['NEW']), status(['NEW', 'PAID']))).toEqual([['enum.symbol-added', '.status', false, true, true]]);
  });

  it('enum with a default: readers map unknown symbols to it, so symbol changes are safe', () => {
    const status = (symbols: string[]) => avro([{ name: 'status', type: { type: 'enum', name: 'Status', symbols, default: 'NEW' } }]);
    expect(verdicts(status(['NEW', 'REFUNDED']), status(['NEW']))).toEqual([['enum.symbol-removed', '.status', false, false, false]]);
  });

  it('unions: a field made nullable breaks FORWARD only; a branch removed breaks BACKWARD', () => {
    expect(verdicts(avro([{ name: 'n', type: 'string' }]), avro([{ name: 'n', type: ['null', 'string'], default: null }]))).toEqual([
      ['field.default-changed', '.n', false, false, false],
      ['type.changed', '.n', false, true, true],
    ]);
    expect(
      verdicts(avro([{ name: 'n', type: ['null', 'string', 'int'], default: null }]), avro([{ name: 'n', type: ['null', 'string'], default: null }])),
    ).toEqual([['type.changed', '.n', true, false, true]]);
  });

  it('nested records: a change inside a named record is reported at its path', () => {
    const inner = (fields: unknown[]) => avro([{ name: 'customer', type: { type: 'record', name: 'Customer', fields } }]);
    expect(verdicts(inner([id]), inner([id, { name: 'email', type: 'string' }]))).toEqual([['field.added', '.customer.email', true, false, true]]);
  });

  it("aliases: the reader's alias matches the writer's old field name; the writer's alias does not (Avro specification)", () => {
    const old = avro([{ name: 'total', type: 'long' }]);
    const renamed = avro([{ name: 'amount', type: 'long', aliases: ['total'] }]);
    expect(verdicts(old, renamed)).toEqual([['field.renamed', '.amount', false, true, true]]);
  });

  it('record renamed: without an alias breaks every level; with the old name as alias, only FORWARD', () => {
    expect(verdicts(avro([id]), avro([id], { name: 'Purchase' }))).toEqual([['record.renamed', '', true, true, true]]);
    expect(verdicts(avro([id]), avro([id], { name: 'Purchase', aliases: ['com.acme.Order'] }))).toEqual([['record.renamed', '', false, true, true]]);
  });

  it('logical types are read as their underlying types (int ↔ date is no change for resolution)', () => {
    expect(verdicts(avro([{ name: 'd', type: 'int' }]), avro([{ name: 'd', type: { type: 'int', logicalType: 'date' } }]))).toEqual([]);
  });

  it('references: named types from referenced subjects resolve, and changes inside them show', () => {
    const money = (fields: unknown[]) => ({
      name: 'com.acme.Money',
      subject: 'money-value',
      version: 1,
      schema: JSON.stringify({ type: 'record', name: 'Money', namespace: 'com.acme', fields }),
    });
    const withRef = (fields: unknown[]): ResolvedSchema => ({ ...avro([{ name: 'price', type: 'com.acme.Money' }]), references: [money(fields)] });
    expect(
      verdicts(
        withRef([{ name: 'cents', type: 'long' }]),
        withRef([
          { name: 'cents', type: 'long' },
          { name: 'currency', type: 'string' },
        ]),
      ),
    ).toEqual([['field.added', '.price.currency', true, false, true]]);
  });

  it('an invalid schema is one change that breaks every level, naming the problem', () => {
    const [change] = diffSemantics(avro([id]), {
      schemaType: 'AVRO',
      schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}',
      references: [],
    }).changes;
    expect(change).toMatchObject({ type: 'schema.invalid', breaking: { BACKWARD: true, FORWARD: true } });
    expect(change!.message).toMatch(/^the newer schema is not valid AVRO: .*nope/);
  });
});

describe('Avro rules: recursive and union-held records', () => {
  it('a change inside a record held by a union (even a recursive one) is reported inside, not as a union type change', () => {
    const list = (extra: unknown[]) => avro([{ name: 'next', type: ['null', 'Order'], default: null }, ...extra]);
    expect(verdicts(list([]), list([{ name: 'v', type: 'int', default: 0 }]))).toEqual([['field.added', '.v', false, false, false]]);
  });
});
