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
    const cases = FORMATS.flatMap((f) => casesOf(generateCorpus(f).filter((_p, i) => i % 8 === 0), generateChains(f, 12)));
    const result = await measureAgreement({
      url: registry.url,
      cases,
      expected: expectedAnswer,
      check: (c) => checkCompatibility(
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
      expect({ format: row.format, agreement: row.agree / row.cases >= 0.99, disagreements: result.disagreements.filter((d) => d.id.startsWith(row.format.toLowerCase())) })
        .toEqual({ format: row.format, agreement: true, disagreements: expect.any(Array) });
    }
    expect(result.disagreements.length).toBeLessThanOrEqual(Math.floor(cases.length * 0.01));
    for (const deviation of result.deviations) expect(deviation.reason).toContain('aliases');
  });
});
