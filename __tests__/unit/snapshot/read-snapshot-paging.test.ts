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

const item = (subject: string, version: number, id: number): RegistrySchema => ({ subject, version, id, schemaType: 'AVRO', schema: avroSchema(), references: [] });

describe('readSnapshot paging', () => {
  const items = Array.from({ length: 2500 }, (_, i) => item(`s${Math.floor(i / 2)}`, (i % 2) + 1, i + 1));

  it('pages on through a server that caps pages below what was asked (Confluent: 1,000)', async () => {
    const { client, calls } = pagedServer(items, 1000);
    const snapshot = await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(snapshot.contexts[0]!.subjects).toHaveLength(1250);
    expect(snapshot.contexts[0]!.subjects.flatMap((s) => s.versions)).toHaveLength(2500);
    expect(calls.map((c) => c.offset)).toEqual([0, 1000, 2000, 2500]);
  });

  // Confluent answers its default page size (any number) when asked for more than its maximum; a server may cap
  // at 1,024. A short page proves nothing: paging ends only on an empty page (or one with nothing new).
  it.each([1, 7, 50, 250, 999, 1000, 1024])('reads every version through a server answering pages of %i', async (cap) => {
    const some = items.slice(0, cap === 1 ? 60 : 2500);
    const { client, calls } = pagedServer(some, cap);
    const snapshot = await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(snapshot.contexts[0]!.subjects.flatMap((s) => s.versions)).toHaveLength(some.length);
    expect(calls).toHaveLength(Math.ceil(some.length / cap) + 1); // the last request answers an empty page
  });

  it('ends with an empty page after one page holding everything (no cap)', async () => {
    const { client, calls } = pagedServer(items.slice(0, 7), 100_000);
    await readSnapshot(client, { registry: { name: 'r', url: 'http://r' }, includeConfig: false });
    expect(calls.map((c) => c.offset)).toEqual([0, 7]);
  });

  it('a listing that never ends is an error after a bounded number of pages, never a silent loop', async () => {
    let n = 0;
    const endless = {
      name: 'endless', stats: { requests: 0, retries: 0 },
      listContexts: async () => ['.'],
      listSchemas: async () => [item(`s${n}`, 1, ++n)],
    } as unknown as RegistryClient;
    await expect(readSnapshot(endless, { registry: { name: 'r', url: 'http://r' }, includeConfig: false })).rejects.toThrow(/did not end after 100000 pages/);
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
    expect(s0.versions.map((v) => [v.version, v.deleted])).toEqual([[1, false], [2, false], [3, true]]);
    expect(snapshot.contexts[0]!.subjects.flatMap((s) => s.versions)).toHaveLength(1501);
  });
});
