// srx's local compatibility verdicts agree with a real AxonOps registry's answers on a sample of the
// generated corpus (the full corpus runs in `npm run bench:compat`). Where AxonOps deviates from
// Confluent's documented rules (Avro writer aliases), the expected answer follows Confluent.
import { casesOf, measureAgreement } from '../../../scripts/lib/compat-agreement.mjs';
import { generateChains, generateCorpus } from '../../../scripts/lib/compat-corpus.mjs';
import { expectedAnswer } from '../../../scripts/lib/compat-deviations.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { checkCompatibility, type CompatibilityLevel } from '../../../src/core/compat/index.js';

const FORMATS = ['AVRO', 'PROTOBUF', 'JSON'] as const;

describe('local verdicts agree with AxonOps on a sample of the corpus', () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('agrees on at least 99% of the sampled questions, per format, and lists every disagreement', async () => {
    const cases = FORMATS.flatMap((f) =>
      casesOf(
        generateCorpus(f).filter((_p, i) => i % 8 === 0),
        generateChains(f, 12),
      ),
    );
    const result = await measureAgreement({
      url: registry.url,
      cases,
      expected: expectedAnswer,
      check: (c) =>
        checkCompatibility(
          { schemaType: c.schemaType, schema: c.candidate, references: [] },
          c.history.map((schema) => ({ schemaType: c.schemaType, schema, references: [] })),
          c.level as CompatibilityLevel,
        ),
    });
    for (const row of result.rows) {
      expect(row.cases).toBeGreaterThan(150);
      // Both answers occur, so agreement is not trivially reached.
      expect(row.compatible).toBeGreaterThan(20);
      expect(row.cases - row.compatible).toBeGreaterThan(20);
      expect({
        format: row.format,
        agreement: row.agree / row.cases >= 0.99,
        disagreements: result.disagreements.filter((d) => d.id.startsWith(row.format.toLowerCase())),
      }).toEqual({ format: row.format, agreement: true, disagreements: expect.any(Array) });
    }
    expect(result.disagreements.length).toBeLessThanOrEqual(Math.floor(cases.length * 0.01));
    for (const deviation of result.deviations) expect(deviation.reason).toContain('aliases');
  });

  it("where AxonOps answers otherwise than Confluent's documented rules, srx follows Confluent (each case shown on AxonOps)", async () => {
    const proto = (body: string) =>
      `syntax = "proto3";\npackage shop;\nmessage Order { ${body} }\nenum A { A0 = 0; }\nenum B { B0 = 0; }\nmessage P { string a = 1; }\nmessage Q { string a = 1; }`;
    const object = (properties: object, extra: object = {}) => JSON.stringify({ type: 'object', properties, ...extra });
    const pairs = [
      // Confluent: both enums are GENERAL_NUMBER scalars, compatible. AxonOps: type changed.
      { id: 'enum-replaced', schemaType: 'PROTOBUF', description: '', older: proto('A s = 1;'), newer: proto('B s = 1;'), confluent: true },
      // Confluent: FIELD_NAMED_TYPE_CHANGED, incompatible. AxonOps: compares the two messages' shapes only.
      { id: 'message-renamed-type', schemaType: 'PROTOBUF', description: '', older: proto('P m = 1;'), newer: proto('Q m = 1;'), confluent: false },
      // Confluent: REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL, compatible. AxonOps: new required property.
      {
        id: 'required-with-default',
        schemaType: 'JSON',
        description: '',
        older: object({ a: { type: 'string' } }, { additionalProperties: false }),
        newer: object({ a: { type: 'string' }, b: { type: 'string', default: 'x' } }, { required: ['b'], additionalProperties: false }),
        confluent: true,
      },
      // Confluent: PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL, compatible. AxonOps: added to an open model.
      {
        id: 'empty-schema-open',
        schemaType: 'JSON',
        description: '',
        older: object({ a: { type: 'string' } }),
        newer: object({ a: { type: 'string' }, b: {} }),
        confluent: true,
      },
    ];
    const cases = casesOf(pairs).filter((c) => c.level === 'BACKWARD');
    const srx = (c: (typeof cases)[number]) =>
      checkCompatibility(
        { schemaType: c.schemaType, schema: c.candidate, references: [] },
        [{ schemaType: c.schemaType, schema: c.history[0]!, references: [] }],
        'BACKWARD',
      );
    const result = await measureAgreement({ url: registry.url, cases, check: srx });
    const answers = Object.fromEntries(result.disagreements.map((d) => [d.id, { axonops: d.registry, srx: d.srx }]));
    expect(answers).toEqual(Object.fromEntries(pairs.map((p) => [p.id, { axonops: !p.confluent, srx: p.confluent }])));
  });
});
