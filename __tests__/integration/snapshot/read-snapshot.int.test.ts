import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { capabilityProfile } from '../../../src/core/registry/capabilities.js';
import { HttpRegistryClient } from '../../../src/core/registry/http-registry-client.js';
import { readSnapshot } from '../../../src/core/snapshot/read-snapshot.js';
import type { Snapshot } from '../../../src/core/snapshot/types.js';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';

const entry = (url: string) => ({ name: 'r', url, readonly: false, protected: false, origin: 'test' }) as const;
const versionsOf = (snapshot: Snapshot, context: string, subject: string) =>
  snapshot.contexts
    .find((c) => c.name === context)
    ?.subjects.find((s) => s.name === subject)
    ?.versions.map((v) => [v.version, v.deleted]);

describe('readSnapshot against a real registry', () => {
  let server: RegistryServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startRegistry();
    const seed = seeder(server.url);
    await seed.register('orders-value', avroRecord('Order', ['id']));
    await seed.register('orders-value', avroRecord('Order', ['id', { name: 'a', type: 'string', default: '' }]));
    await seed.register('orders-value', avroRecord('Order', ['id', { name: 'a', type: 'string', default: '' }, { name: 'b', type: 'string', default: '' }]));
    await seed.softDelete('orders-value', 2);
    await seed.importVersion('sparse-value', avroRecord('Sparse', ['id']), 500, 5);
    await seed.importVersion('sparse-value', avroRecord('Sparse', ['id', { name: 'x', type: 'int', default: 0 }]), 501, 9);
    await seed.register('gone-value', avroRecord('Gone', ['id']));
    await seed.softDelete('gone-value', 1);
    await seed.register('orders-value', avroRecord('TeamOrder', ['id']), '.team-a');
    await seed.setCompatibility('orders-value', 'FULL');
    await seed.setMode('sparse-value', 'READONLY');
    proxy = await startProxy({ target: server.url });
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });

  async function read(url: string, options: Partial<Parameters<typeof readSnapshot>[1]> = {}) {
    const client = new HttpRegistryClient(entry(url));
    try {
      // The capability profile is probed once per client (a fixed number of GETs, whatever the registry holds).
      await capabilityProfile(client);
      const probe = client.stats.requests;
      return { snapshot: await readSnapshot(client, { registry: { name: 'r', url }, ...options }), requests: client.stats.requests - probe, probe };
    } finally {
      client.close();
    }
  }

  it('reads every context, subject and version in a few requests (no config)', async () => {
    const { snapshot, requests, probe } = await read(server.url, { includeConfig: false });
    expect(probe).toBeLessThanOrEqual(8);
    expect(snapshot.contexts.map((c) => c.name)).toEqual(['.', '.team-a']);
    expect(versionsOf(snapshot, '.', 'orders-value')).toEqual([
      [1, false],
      [3, false],
    ]);
    expect(versionsOf(snapshot, '.', 'sparse-value')).toEqual([
      [5, false],
      [9, false],
    ]);
    expect(versionsOf(snapshot, '.', 'gone-value')).toBeUndefined();
    expect(versionsOf(snapshot, '.team-a', 'orders-value')).toEqual([[1, false]]);
    expect(snapshot.contexts[0]!.subjects.find((s) => s.name === 'sparse-value')!.versions[0]!.id).toBe(500);
    expect(requests).toBeLessThanOrEqual(5); // /contexts, then per context one page and the empty page that proves the end
  });

  it('marks soft-deleted versions with includeDeleted', async () => {
    const { snapshot } = await read(server.url, { includeDeleted: true, includeConfig: false });
    expect(versionsOf(snapshot, '.', 'orders-value')).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(versionsOf(snapshot, '.', 'gone-value')).toEqual([[1, true]]);
  });

  it('reads subject compatibility and mode, only where set at subject level', async () => {
    const { snapshot } = await read(server.url, { contexts: ['.'], subjects: ['orders-*', 'sparse-value'] });
    const subjects = snapshot.contexts[0]!.subjects;
    expect(subjects.map((s) => [s.name, s.compatibility, s.mode])).toEqual([
      ['orders-value', 'FULL', null],
      ['sparse-value', null, 'READONLY'],
    ]);
    expect(snapshot.contexts[0]!.compatibility).toBe('BACKWARD');
  });

  it('falls back to per-subject reads when the server has no /schemas or /contexts', async () => {
    proxy.configure({
      rules: [
        { path: /\/schemas(\?|$)/, status: 404, body: '{"error_code":404,"message":"HTTP 404 Not Found"}' },
        { path: '/contexts', status: 404, body: '{"error_code":404,"message":"HTTP 404 Not Found"}' },
      ],
    });
    proxy.requests.length = 0;
    const { snapshot } = await read(proxy.url, { includeDeleted: true, includeConfig: false });
    expect(snapshot.contexts.map((c) => c.name)).toEqual(['.']);
    expect(versionsOf(snapshot, '.', 'orders-value')).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(versionsOf(snapshot, '.', 'sparse-value')).toEqual([
      [5, false],
      [9, false],
    ]);
    expect(versionsOf(snapshot, '.', 'gone-value')).toEqual([[1, true]]);
    expect(proxy.requests.some((r) => r.path.includes('/versions/'))).toBe(true);
  });
});
