import { RegistryError } from '../../../src/core/errors.js';
import type { RegistryClient } from '../../../src/core/registry/registry-client.js';
import type { ListSchemasOptions, RegistrySchema } from '../../../src/core/registry/types.js';
import { readSnapshot } from '../../../src/core/snapshot/read-snapshot.js';
import { avroSchema } from '../../support/builders.js';

/** An in-memory server speaking only what the bulk read uses: contexts and paged /schemas with a page cap. */
function pagedServer(items: RegistrySchema[], cap: number, deletedItems: RegistrySchema[] = []) {
  const calls: ListSchemasOptions[] = [];
  const client = {
    name: 'fake',
    stats: { requests: 0, retries: 0 },
    listContexts: async () => ['.'],
    listSchemas: async (_context: string, options: ListSchemasOptions = {}) => {
      calls.push(options);
      const all = options.deleted ? [...items, ...deletedItems] : items;
      const offset = options.offset ?? 0;
      return all.slice(offset, offset + Math.min(options.limit ?? cap, cap));
    },
  } as unknown as RegistryClient;
  return { client, calls };
}

const item = (subject: string, version: number, id: number): RegistrySchema => ({
  subject,
  version,
  id,
  schemaType: 'AVRO',
  schema: avroSchema(),
  references: [],
});

describe('readSnapshot paging', () => {
  const items = Array.from({ length: 2500 }, (_, i) => item(`s${Math.floor(i / 2)}`, (i % 2) + 1, i + 1));

  it('pages on through a server that caps pages below what was asked (Confluent: 1,000)', async () => {
    const { client, calls } = pagedServer(items, 1000);
    const snapshot = await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(snapshot.contexts[0]!.subjects).toHaveLength(1250);
    expect(snapshot.contexts[0]!.subjects.flatMap((s) => s.versions)).toHaveLength(2500);
    expect(calls.map((c) => c.offset)).toEqual([0, 1000, 2000, 2500]);
  });

  // Confluent: a `limit` above schema.search.max.limit is answered with schema.search.default.limit items,
  // which an operator may set to any number; the page length alone never means "last page".
  it.each([1, 7, 50, 250, 999, 1000, 1024])('reads every version from a server answering pages of %i', async (cap) => {
    const many = Array.from({ length: 3000 }, (_, i) => item(`s${String(i).padStart(4, '0')}`, 1, i + 1));
    const { client, calls } = pagedServer(many, cap);
    const snapshot = await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(snapshot.contexts[0]!.subjects).toHaveLength(3000);
    expect(calls).toHaveLength(Math.ceil(3000 / cap) + 1);
    expect(calls.at(-1)!.offset).toBe(3000);
  });

  it('stops on the empty page after one short page', async () => {
    const { client, calls } = pagedServer(items.slice(0, 7), 100_000);
    await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(calls.map((c) => c.offset)).toEqual([0, 7]);
  });

  it('cuts a listing that never ends with a registry error (exit 3) instead of looping', async () => {
    const { client, calls } = pagedServer([], 10);
    (client as { listSchemas: unknown }).listSchemas = async (_context: string, options: ListSchemasOptions = {}) => {
      calls.push(options);
      const offset = options.offset ?? 0;
      return Array.from({ length: 10 }, (_, i) => item(`s${offset + i}`, 1, offset + i + 1));
    };
    const read = readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false, maxListingItems: 500 });
    await expect(read).rejects.toBeInstanceOf(RegistryError);
    await expect(read).rejects.toMatchObject({ code: 'E_LISTING_ENDLESS', message: expect.stringMatching(/never ends/) });
    expect(calls.length).toBeLessThanOrEqual(51);
  });

  it('stops when the server ignores offset and answers the same round-sized page again', async () => {
    const { client, calls } = pagedServer(items.slice(0, 600), 100_000);
    (client as { listSchemas: unknown }).listSchemas = async (_context: string, options: ListSchemasOptions = {}) => {
      calls.push(options);
      return items.slice(0, 600);
    };
    const snapshot = await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(snapshot.contexts[0]!.subjects).toHaveLength(300);
    expect(calls).toHaveLength(2);
  });

  it('de-duplicates versions repeated across pages and marks versions only in the deleted listing', async () => {
    const repeated = [...items.slice(0, 1000), ...items.slice(999, 1500)];
    const { client } = pagedServer(repeated, 1000, [item('s0', 3, 9999)]);
    const snapshot = await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false, includeDeleted: true });
    const s0 = snapshot.contexts[0]!.subjects.find((s) => s.name === 's0')!;
    expect(s0.versions.map((v) => [v.version, v.deleted])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(snapshot.contexts[0]!.subjects.flatMap((s) => s.versions)).toHaveLength(1501);
  });
});
