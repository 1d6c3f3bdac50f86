import { diffSemantics, type ResolvedSchema } from '../../../src/core/compat/index.js';

const json = (schema: Record<string, unknown>, references: ResolvedSchema['references'] = []): ResolvedSchema => ({
  schemaType: 'JSON',
  schema: JSON.stringify(schema),
  references,
});
const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => json({ type: 'object', properties, ...extra });
const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => object(properties, { additionalProperties: false, ...extra });
const verdicts = (older: ResolvedSchema, newer: ResolvedSchema) =>
  diffSemantics(older, newer).changes.map((c) => [c.type, c.path, c.breaking.BACKWARD, c.breaking.FORWARD]);
const name = { type: 'string' };

describe('JSON Schema rules (Confluent content models)', () => {
  it('property added to an open content model: breaks BACKWARD (old data may hold anything under that name)', () => {
    expect(verdicts(object({ name }), object({ name, email: { type: 'string' } }))).toEqual([['property.added', '.email', true, false]]);
  });

  it('optional property added to a closed content model: safe for BACKWARD, breaks FORWARD (the old closed model refuses it)', () => {
    expect(verdicts(closed({ name }), closed({ name, email: { type: 'string' } }))).toEqual([['property.added', '.email', false, true]]);
  });

  it('property removed from a closed content model: breaks BACKWARD; from an open one: breaks FORWARD only', () => {
    expect(verdicts(closed({ name, email: { type: 'string' } }), closed({ name }))).toEqual([['property.removed', '.email', true, false]]);
    expect(verdicts(object({ name, email: { type: 'string' } }), object({ name }))).toEqual([['property.removed', '.email', false, true]]);
  });

  it('required property added: breaks BACKWARD', () => {
    expect(verdicts(closed({ name }), closed({ name }, { required: ['name'] }))).toEqual([['property.made-required', '.name', true, false]]);
  });

  it('type widened integer → number: safe for BACKWARD, breaks FORWARD; narrowed or changed: breaks', () => {
    expect(verdicts(closed({ n: { type: 'integer' } }), closed({ n: { type: 'number' } }))).toEqual([['type.changed', '.n', false, true]]);
    expect(verdicts(closed({ n: { type: 'string' } }), closed({ n: { type: 'integer' } }))).toEqual([['type.changed', '.n', true, true]]);
    expect(verdicts(closed({ n: { type: 'string' } }), closed({ n: { type: ['string', 'null'] } }))).toEqual([['type.changed', '.n', false, true]]);
  });

  it('enum value removed: breaks BACKWARD; added: breaks FORWARD; an enum added where there was none: breaks BACKWARD', () => {
    const status = (values: string[]) => closed({ s: { type: 'string', enum: values } });
    expect(verdicts(status(['a', 'b']), status(['a']))).toEqual([['enum.value-removed', '.s', true, false]]);
    expect(verdicts(status(['a']), status(['a', 'b']))).toEqual([['enum.value-added', '.s', false, true]]);
    expect(verdicts(closed({ s: { type: 'string' } }), status(['a']))).toEqual([['enum.added', '.s', true, false]]);
  });

  it('content model closed (additionalProperties false): breaks BACKWARD', () => {
    expect(verdicts(object({ name }), closed({ name }))).toEqual([['additional-properties.changed', '', true, false]]);
  });

  it('bounds tightened (maxLength lowered, minimum added): break BACKWARD; relaxed: break FORWARD', () => {
    expect(verdicts(closed({ s: { type: 'string', maxLength: 10 } }), closed({ s: { type: 'string', maxLength: 5 } }))).toEqual([
      ['constraint.changed', '.s', true, false],
    ]);
    expect(verdicts(closed({ s: { type: 'string', maxLength: 5 } }), closed({ s: { type: 'string', maxLength: 10 } }))).toEqual([
      ['constraint.changed', '.s', false, true],
    ]);
  });

  it('nested objects: changes inside are reported at their path', () => {
    expect(
      verdicts(
        closed({ a: { type: 'object', properties: { x: name }, additionalProperties: false } }),
        closed({ a: { type: 'object', properties: { x: name, y: name }, additionalProperties: false, required: ['y'] } }),
      ),
    ).toEqual([['property.added', '.a.y', true, true]]);
  });

  it('$ref: local definitions and referenced subjects are inlined before comparing', () => {
    const local = (type: string) =>
      json({ type: 'object', properties: { a: { $ref: '#/definitions/A' } }, additionalProperties: false, definitions: { A: { type } } });
    expect(verdicts(local('integer'), local('number'))).toEqual([['type.changed', '.a', false, true]]);
    const address = (required: string[]) => [
      { name: 'address.json', subject: 'address-value', version: 1, schema: JSON.stringify({ type: 'object', properties: { city: name }, required }) },
    ];
    const external = (required: string[]) =>
      json({ type: 'object', properties: { home: { $ref: 'address.json' } }, additionalProperties: false }, address(required));
    expect(verdicts(external([]), external(['city']))).toEqual([['property.made-required', '.home.city', true, false]]);
  });
});

describe('JSON Schema rules where AxonOps deviates from Confluent (Confluent followed)', () => {
  it('a property made required, or a required property added to a closed model, with a default: safe for BACKWARD', () => {
    const withDefault = { type: 'string', default: 'n/a' };
    expect(verdicts(closed({ name: withDefault }), closed({ name: withDefault }, { required: ['name'] }))).toEqual([
      ['property.made-required', '.name', false, false],
    ]);
    expect(verdicts(closed({ name }), closed({ name, email: withDefault }, { required: ['email'] }))).toEqual([['property.added', '.email', false, true]]);
  });

  it('a property with an empty schema added to an open model: safe for BACKWARD (it accepts whatever old data held there)', () => {
    expect(verdicts(object({ name }), object({ name, extra: {} }))).toEqual([['property.added', '.extra', false, false]]);
  });
});
