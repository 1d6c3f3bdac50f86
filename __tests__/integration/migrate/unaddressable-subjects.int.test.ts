import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExportDocument } from '../../../src/core/export/build-document.js';
import { HttpRegistryClient } from '../../../src/core/registry/http-registry-client.js';
import { contextPrefix, encodeSegment } from '../../../src/core/registry/paths.js';
import { aSnapshot, aVersion, avroSchema } from '../../support/builders.js';
import { json, startHostileServer } from '../../support/hostile-server.js';
import { startRegistries } from '../../support/registry-server.js';
import { seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// Subject names a URL cannot carry everywhere: `.` and `..` (URL parsers resolve them to another path),
// `/` and `;` (sent escaped; AxonOps does not decode escapes, so it would store another name).
describe('subjects no URL can address (real AxonOps, and a decoding stub in our own words)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'dst'>>>;
  let dir: string;
  let env: Record<string, string>;
  let file: string;

  beforeAll(async () => {
    servers = await startRegistries(['dst']);
    dir = mkdtempSync(join(tmpdir(), 'srx-names-'));
    env = { REGISTRIES: `dst:${servers.dst.url}`, SRX_STATE_DIR: join(dir, 'state') };
    const snapshot = aSnapshot('src', 'export')
      .withSubject('fine-value', aVersion({ id: 1, version: 1, schema: avroSchema('Fine') }))
      .withSubject('team/orders-value', aVersion({ id: 2, version: 1, schema: avroSchema('Slash') }))
      .withSubject('orders;v2-value', aVersion({ id: 3, version: 1, schema: avroSchema('Semi') }))
      .withSubject('..', aVersion({ id: 4, version: 1, schema: avroSchema('Dots') }))
      .build();
    file = join(dir, 'src.json');
    writeFileSync(file, JSON.stringify(buildExportDocument(snapshot, { layout: 'json' }).document));
  }, 120_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('paths: `;` is escaped, `.`/`..` and invalid contexts are refused before any request', () => {
    expect(encodeSegment('orders;v2')).toBe('orders%3Bv2');
    expect(encodeSegment('team/orders')).toBe('team%2Forders');
    expect(encodeSegment(':.team-a:orders')).toBe(':.team-a:orders');
    expect(() => encodeSegment('..')).toThrow(/cannot be addressed/);
    expect(() => encodeSegment('.')).toThrow(/cannot be addressed/);
    expect(() => contextPrefix('..')).toThrow(/cannot be addressed safely/);
  });

  test('AxonOps does not decode escapes: those subjects are conflicts before any write, never stored under another name', async () => {
    const blocked = await runCli(['import', file, 'dst', '--json'], { env });
    expect(blocked.exitCode).toBe(1);
    const conflicts = blocked
      .json()
      .conflicts.filter((c: { type: string }) => c.type === 'subject-not-addressable')
      .map((c: { subject: string }) => c.subject)
      .sort();
    expect(conflicts).toEqual(['..', 'orders;v2-value', 'team/orders-value']);
    expect((await seeder(servers.dst.url).subjects()) ?? []).toEqual([]);
    const skipped = await runCli(['import', file, 'dst', '--on-conflict', 'skip', '--json'], { env });
    expect(skipped.exitCode).toBe(1);
    expect((await seeder(servers.dst.url).subjects()) ?? []).toEqual(['fine-value']);
  });

  test('a server that decodes escapes (Confluent) is told so by a read-only probe, and gets `;` as %3B', async () => {
    const seen: string[] = [];
    const stub = await startHostileServer((req, res) => {
      seen.push(req.url ?? '');
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      if (path === '/subjects') return json(res, []);
      if (path.endsWith('/versions') && req.method === 'POST') return json(res, { id: 7 });
      return json(res, { error_code: 40401, message: 'not found' }, 404);
    });
    try {
      const client = new HttpRegistryClient({ name: 'confluent-like', url: stub.url, readonly: false, protected: false, origin: 'test' });
      expect(await client.decodesEscapedPaths()).toBe(true);
      expect(await client.register('.', 'orders;v2-value', { schema: '"string"' })).toEqual({ id: 7 });
      expect(seen).toContain('/subjects/orders%3Bv2-value/versions');
      client.close();
      const axon = new HttpRegistryClient({ name: 'axonops', url: servers.dst.url, readonly: false, protected: false, origin: 'test' });
      expect(await axon.decodesEscapedPaths()).toBe(false);
      axon.close();
    } finally {
      await stub.stop();
    }
  });
});
