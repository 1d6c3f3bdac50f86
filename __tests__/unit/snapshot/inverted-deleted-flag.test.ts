import { capabilityProfile } from '../../../src/core/registry/capabilities.js';
import { readSnapshot } from '../../../src/core/snapshot/read-snapshot.js';
import { startKarapaceLike, type KarapaceVersion } from '../../support/karapace-like-stub.js';
import type { VendorStub } from '../../support/vendor-stub.js';

// Karapace 6.2's GET /schemas `deleted` flag is inverted (REGISTRY-NOTES.md): the plain listing holds soft-deleted
// versions, `?deleted=true` leaves them out. Recognised or not, srx must never read a soft-deleted version as live.
const schema = (name: string) => JSON.stringify({ type: 'record', name, fields: [] });
const stored = (): KarapaceVersion[] => [
  { subject: 'a', version: 1, id: 1, schema: schema('A1'), deleted: false },
  { subject: 'a', version: 2, id: 2, schema: schema('A2'), deleted: true },
  { subject: 'b', version: 1, id: 3, schema: schema('B1'), deleted: true },
];
const registry = { name: 'k', url: 'http://k' };

describe.each([
  ['recognised as Karapace', true, 'inverted'],
  ['an unknown server with the same listing', false, 'unknown'],
] as const)('an inverted /schemas deleted flag (%s)', (_label, recognisable, flag) => {
  let stub: VendorStub;
  beforeEach(async () => {
    stub = await startKarapaceLike(stored(), 'READWRITE', recognisable);
  });
  afterEach(() => stub.close());

  test(`profile says ${flag}; live reads hold no soft-deleted version`, async () => {
    const client = stub.client();
    expect((await capabilityProfile(client)).bulkDeletedFlag).toBe(flag);
    const snapshot = await readSnapshot(client, { registry });
    const subjects = snapshot.contexts[0]!.subjects;
    expect(subjects.map((s) => [s.name, s.versions.map((v) => [v.version, v.deleted])])).toEqual([['a', [[1, false]]]]);
  });

  test('with soft-deleted versions asked for, they are read as deleted', async () => {
    const snapshot = await readSnapshot(stub.client(), { registry, includeDeleted: true });
    const subjects = snapshot.contexts[0]!.subjects;
    expect(subjects.map((s) => [s.name, s.versions.map((v) => [v.version, v.deleted])])).toEqual([
      [
        'a',
        [
          [1, false],
          [2, true],
        ],
      ],
      ['b', [[1, true]]],
    ]);
  });
});
