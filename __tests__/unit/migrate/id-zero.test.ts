// Confluent accepts an explicit id 0 in IMPORT mode and keeps it; AxonOps reads id 0 as "no id" and
// assigns a new one. srx preserves a source id 0 only where the target is known to keep it.
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import { writeStep } from '../../../src/core/apply/write-step.js';
import { aSnapshot, aVersion, avroSchema } from '../../support/builders.js';
import { startVendorStub, type StubHandler, type VendorStub } from '../../support/vendor-stub.js';

const source = aSnapshot()
  .withSubject('zero', aVersion({ id: 0 }))
  .build();
const empty = aSnapshot('target').build();

describe('a source id 0', () => {
  it('is not preservable on a target not known to keep it (AxonOps: 0 means "no id")', () => {
    expect(planMigration({ source, target: empty, scope: {}, policy: DEFAULT_POLICY }).conflicts.map((c) => c.type)).toEqual(['id-not-preservable']);
  });

  it('is registered with id 0 where the target keeps it (Confluent), or already holds an id 0', () => {
    const confluent = planMigration({ source, target: empty, scope: {}, policy: DEFAULT_POLICY, targetAcceptsIdZero: true });
    expect(confluent.conflicts).toEqual([]);
    expect(confluent.steps).toEqual([expect.objectContaining({ action: 'register', subject: 'zero', version: 1, targetId: 0 })]);
    const holding = aSnapshot('target')
      .withSubject('other', aVersion({ id: 0, schema: avroSchema('Other') }))
      .build();
    expect(planMigration({ source, target: holding, scope: {}, policy: DEFAULT_POLICY }).conflicts.map((c) => c.type)).toEqual(['id-collision']);
  });
});

describe('against a Confluent-like server', () => {
  let stub: VendorStub | undefined;
  afterEach(async () => stub?.close());

  /** Confluent 7.9: `/v1/metadata/version` as `{version, commitId}`; IMPORT keeps an explicit id, 0 included. */
  const confluent: StubHandler = (request) => {
    if (request.path === '/') return { status: 200, body: {} };
    if (request.path === '/v1/metadata/version') return { status: 200, body: { version: '7.9.0', commitId: '5b1a3c7e0d9f2a41' } };
    if (request.method === 'POST' && request.path === '/subjects/zero/versions')
      return { status: 200, body: { id: (request.body as { id?: number }).id ?? 17 } };
    return undefined;
  };
  /** AxonOps: `/v1/metadata/version` as `{version, commit}`. */
  const axonOps: StubHandler = (request) => {
    if (request.path === '/') return { status: 200, body: {} };
    if (request.path === '/v1/metadata/version') return { status: 200, body: { version: 'dev', commit: 'unknown' } };
    return undefined;
  };

  it("is recognised from its metadata answer; AxonOps' is not", async () => {
    stub = await startVendorStub(confluent);
    await expect(stub.client().serverInfo()).resolves.toMatchObject({ version: '7.9.0', confluent: true });
    await stub.close();
    stub = await startVendorStub(axonOps);
    expect((await stub.client().serverInfo()).confluent).toBeUndefined();
  });

  it('gets id 0 sent explicitly in the registration, and the write is confirmed', async () => {
    stub = await startVendorStub(confluent);
    const plan = planMigration({ source, target: empty, scope: {}, policy: DEFAULT_POLICY, targetAcceptsIdZero: true });
    const outcome = await writeStep(plan.steps[0]!, { client: stub.client(), lookUpFirst: false, placement: () => undefined });
    expect(outcome).toEqual({ kind: 'applied', version: 1, targetId: 0 });
    expect(stub.requests.find((r) => r.method === 'POST')!.body).toMatchObject({ id: 0, version: 1 });
  });
});
