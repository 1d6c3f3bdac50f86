// readRegistryInfo against in-memory fakes of servers that lack parts of the API (no network).
import type { RegistryEntry } from '../../../src/core/config/types.js';
import { RegistryError } from '../../../src/core/errors.js';
import { readRegistryInfo } from '../../../src/core/operations/registry-info.js';
import type { RegistryClient } from '../../../src/core/registry/registry-client.js';
import type { ListSchemasOptions, RegistrySchema } from '../../../src/core/registry/types.js';

interface FakeVersion {
  subject: string;
  version: number;
  deleted?: boolean;
}
interface FakeServer {
  contexts?: Record<string, FakeVersion[]> | null; // null: no /contexts endpoint (only '.')
  data?: FakeVersion[];
  bulk?: boolean;
  pageCap?: number;
  /** A mode name, null (none set), or 'absent' (no mode endpoint). */
  mode?: string | null;
  deletedListing?: boolean;
}

const notFound = (path: string) => new RegistryError('E_REGISTRY_HTTP', `fake: GET ${path} → 404`, { registry: 'fake', status: 404 });

function fakeClient(server: FakeServer): RegistryClient & { calls: string[] } {
  const calls: string[] = [];
  const byContext = server.contexts ?? { '.': server.data ?? [] };
  const versionsOf = (context: string, deleted?: boolean) => (byContext[context] ?? []).filter((v) => deleted || !v.deleted);
  const unsupported = () => {
    throw new Error('a write or an unexpected call');
  };
  return {
    name: 'fake',
    stats: { requests: 0, retries: 0 },
    calls,
    async serverInfo() {
      return { version: '7.9.0', commit: 'abc' };
    },
    async listContexts() {
      calls.push('contexts');
      return server.contexts === null ? null : Object.keys(byContext);
    },
    async listSubjects(context, options = {}) {
      if (options.deleted && server.deletedListing === false) throw new RegistryError('E_REGISTRY_HTTP', 'fake → 400', { registry: 'fake', status: 400 });
      calls.push(`subjects ${context}`);
      return [...new Set(versionsOf(context, options.deleted).map((v) => v.subject))];
    },
    async listVersions(context, subject, options = {}) {
      calls.push(`versions ${context} ${subject}`);
      return versionsOf(context, options.deleted)
        .filter((v) => v.subject === subject)
        .map((v) => v.version);
    },
    async listSchemas(context: string, options: ListSchemasOptions = {}) {
      if (server.bulk === false) return null;
      calls.push(`schemas ${context} ${options.offset ?? 0}`);
      const all = versionsOf(context, options.deleted).map((v): RegistrySchema => ({ subject: v.subject, version: v.version, id: 1, schema: '"string"' }));
      const limit = Math.min(options.limit ?? all.length, server.pageCap ?? Infinity);
      return all.slice(options.offset ?? 0, (options.offset ?? 0) + limit);
    },
    async getCompatibility() {
      return 'FULL';
    },
    async getMode(context) {
      if (server.mode === 'absent') throw notFound('/mode');
      return context === '.' ? (server.mode ?? 'READWRITE') : 'READWRITE';
    },
    getVersion: unsupported,
    getSchemaById: unsupported,
    lookupSchema: unsupported,
    register: unsupported,
    deleteVersion: unsupported,
    deleteSubject: unsupported,
    setCompatibility: unsupported,
    deleteCompatibility: unsupported,
    setMode: unsupported,
    deleteMode: unsupported,
    testCompatibility: unsupported,
    close() {},
  };
}

const entry: RegistryEntry = { name: 'fake', url: 'https://user:pw@sr.example.com', readonly: false, protected: false, origin: 'test' };
const many = (subject: string, count: number, deleted: number[] = []): FakeVersion[] =>
  Array.from({ length: count }, (_, i) => ({ subject, version: i + 1, deleted: deleted.includes(i + 1) }));

describe('readRegistryInfo', () => {
  it('pages through a capped bulk listing (Confluent caps pages at 1,000)', async () => {
    const client = fakeClient({ data: [...many('a', 1500, [3, 4]), ...many('b', 700)], pageCap: 1000 });
    const info = await readRegistryInfo(client, entry);
    expect(info.counts).toEqual({ contexts: 1, subjects: 2, versions: 2198, deletedVersions: 2, listing: 'bulk' });
    expect(info.server).toEqual({ vendor: null, version: '7.9.0', commit: 'abc' });
    expect(info.compatibility).toBe('FULL');
    expect(info.url).toBe('https://***@sr.example.com');
  });

  it('counts subject by subject when the server has no bulk /schemas', async () => {
    const client = fakeClient({ data: [...many('a', 3, [1]), ...many('b', 2)], bulk: false });
    const info = await readRegistryInfo(client, entry);
    expect(info.capabilities.bulkSchemas.status).toBe('no');
    expect(info.counts).toEqual({ contexts: 1, subjects: 2, versions: 4, deletedVersions: 1, listing: 'per-subject' });
    expect(client.calls).toContain('versions . a');
  });

  it('reads every context', async () => {
    const client = fakeClient({ contexts: { '.': many('a', 1), '.team-b': many('x', 2), '.team-a': many('y', 3) } });
    const info = await readRegistryInfo(client, entry);
    expect(info.contexts.map((c) => [c.context, c.subjects, c.versions])).toEqual([
      ['.', 1, 1],
      ['.team-a', 1, 3],
      ['.team-b', 1, 2],
    ]);
    expect(info.counts.contexts).toBe(3);
    expect(info.capabilities.contexts.status).toBe('yes');
  });

  it('says no contexts, no IMPORT and no deleted listing when the server lacks them', async () => {
    const client = fakeClient({ contexts: null, mode: 'absent', deletedListing: false, data: many('a', 2) });
    const info = await readRegistryInfo(client, entry);
    expect(info.capabilities.contexts).toEqual({ status: 'no', detail: 'no /contexts endpoint' });
    expect(info.capabilities.importMode).toEqual({ status: 'no', detail: 'no /mode endpoint' });
    expect(info.capabilities.deletedListing.status).toBe('no');
    expect(info.counts).toMatchObject({ contexts: 1, subjects: 1, versions: 2, deletedVersions: null });
    expect(info.mode).toBeNull();
  });

  it('says IMPORT yes when the registry is in IMPORT mode, unknown otherwise', async () => {
    expect((await readRegistryInfo(fakeClient({ mode: 'IMPORT' }), entry)).capabilities.importMode.status).toBe('yes');
    expect((await readRegistryInfo(fakeClient({}), entry)).capabilities.importMode.status).toBe('unknown');
  });
});
