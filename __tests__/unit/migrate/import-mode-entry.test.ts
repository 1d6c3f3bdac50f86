// Confluent: entering IMPORT without `force` on a subject (or globally) with no live version hard-deletes
// its soft-deleted versions, and the global `PUT /mode` covers the subjects of every context. srx enters
// IMPORT with force=true, and uses the default context's (global) mode only when every context is empty.
import type { Journal } from '../../../src/core/journal/journal.js';
import { ModeSwitcher } from '../../../src/core/apply/modes.js';
import { planMigration } from '../../../src/core/plan/plan-migration.js';
import { DEFAULT_POLICY } from '../../../src/core/plan/types.js';
import type { Snapshot } from '../../../src/core/snapshot/types.js';
import { aSnapshot, versionsOf } from '../../support/builders.js';
import { startVendorStub, type StubHandler, type VendorStub } from '../../support/vendor-stub.js';

/** Subject `orders` holds only soft-deleted versions 1 and 2; a non-force IMPORT purges them, as Confluent does. */
function confluentPurgingOnImport(): { handler: StubHandler; versions: Map<number, { deleted: boolean }>; mode: { value: string | null } } {
  const versions = new Map([
    [1, { deleted: true }],
    [2, { deleted: true }],
  ]);
  const mode = { value: null as string | null };
  const handler: StubHandler = (request) => {
    if (request.path === '/mode/orders' && request.method === 'GET') {
      return mode.value ? { status: 200, body: { mode: mode.value } } : { status: 404, body: { error_code: 40409, message: 'Subject mode not found' } };
    }
    if (request.path === '/mode/orders' && request.method === 'PUT') {
      const wanted = (request.body as { mode: string }).mode;
      const live = [...versions.values()].some((v) => !v.deleted);
      if (wanted === 'IMPORT' && request.query.get('force') !== 'true' && !live) versions.clear();
      mode.value = wanted;
      return { status: 200, body: { mode: wanted } };
    }
    if (request.path === '/subjects/orders/versions' && request.method === 'GET') {
      const all = request.query.get('deleted') === 'true';
      return { status: 200, body: [...versions.entries()].filter(([, v]) => all || !v.deleted).map(([n]) => n) };
    }
    return undefined;
  };
  return { handler, versions, mode };
}

const journal = { append: async () => ({}) } as unknown as Journal;

describe('entering IMPORT mode', () => {
  let stub: VendorStub | undefined;
  afterEach(async () => stub?.close());

  it("sends force=true, so Confluent keeps the subject's soft-deleted versions", async () => {
    const confluent = confluentPurgingOnImport();
    stub = await startVendorStub(confluent.handler);
    const client = stub.client();
    await expect(new ModeSwitcher(client, journal).enterImport({ context: '.', subject: 'orders' })).resolves.toBe(true);
    expect(stub.requests.filter((r) => r.method === 'PUT').map((r) => r.query.get('force'))).toEqual(['true']);
    expect(confluent.mode.value).toBe('IMPORT');
    await expect(client.listVersions('.', 'orders', { deleted: true })).resolves.toEqual([1, 2]);
  });
});

describe('the global mode (default context as a whole)', () => {
  const source = aSnapshot().withSubject('orders', versionsOf(2)).build();
  const plan = (target: Snapshot) => planMigration({ source, target, scope: {}, policy: DEFAULT_POLICY });

  it('is used when every context was read and all are empty', () => {
    expect(plan(aSnapshot('target').inContext('.other').build()).contextModes).toEqual([{ context: '.', previousMode: null }]);
  });

  it("is not used when another context holds subjects (Confluent's global mode would cover them)", () => {
    const p = plan(aSnapshot('target').inContext('.other').withSubject('x', versionsOf(1, 100)).build());
    expect(p.contextModes).toEqual([]);
    expect(p.subjects[0]).toMatchObject({ subject: 'orders', importScope: 'subject' });
  });

  it('is not used when only some contexts were read', () => {
    expect(
      plan(
        aSnapshot('target')
          .withScope({ contexts: ['.'] })
          .build(),
      ).contextModes,
    ).toEqual([]);
  });

  it('a named empty context still enters IMPORT as a whole (its own mode)', () => {
    const named = aSnapshot().inContext('.team').withSubject('orders', versionsOf(1)).build();
    const target = aSnapshot('target').inContext('.busy').withSubject('x', versionsOf(1, 100)).build();
    expect(planMigration({ source: named, target, scope: {}, policy: DEFAULT_POLICY }).contextModes).toEqual([{ context: '.team', previousMode: null }]);
  });
});
