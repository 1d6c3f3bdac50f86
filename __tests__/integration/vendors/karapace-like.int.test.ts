import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKarapaceLike } from '../../support/karapace-like-stub.js';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';
import type { VendorStub } from '../../support/vendor-stub.js';

// Karapace 6.2 behaviours no server here has (REGISTRY-NOTES.md): the inverted `deleted` flag of GET /schemas,
// subject modes answered with the global mode, read-only modes. A loopback stub answers so (karapace-like-stub.ts);
// srx is driven through its real CLI, with a real AxonOps as the other side.
describe('a Karapace-like registry (stub) through the real CLI', () => {
  let stub: VendorStub;
  let axon: Awaited<ReturnType<typeof startRegistries<'axon'>>>;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    stub = await startKarapaceLike([
      { subject: 'orders-value', version: 1, id: 1, schema: avroRecord('Order', ['id']), deleted: false },
      { subject: 'orders-value', version: 2, id: 2, schema: avroRecord('Order', ['id', 'b']), deleted: true },
      { subject: 'orders-value', version: 3, id: 3, schema: avroRecord('Order', ['id', 'c']), deleted: false },
      { subject: 'gone-value', version: 1, id: 4, schema: avroRecord('Gone', ['id']), deleted: true },
    ]);
    axon = await startRegistries(['axon']);
    dir = mkdtempSync(join(tmpdir(), 'srx-karapace-like-'));
    env = { REGISTRIES: `karapace:${stub.url},axon:${axon.axon.url}`, SRX_STATE_DIR: join(dir, 'state') };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stub?.close(), axon?.stopAll()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('registry info names Karapace, read-only modes (no IMPORT), the inverted deleted flag and echoed subject modes', async () => {
    const info = await runCli(['registry', 'info', 'karapace', '--json'], { env });
    expect(info.exitCode).toBe(0);
    expect(info.json().profile).toMatchObject({
      vendor: 'Karapace',
      contexts: 'default-only',
      modeWrites: 'no',
      bulkListing: 'full',
      bulkDeletedFlag: 'inverted',
      subjectModes: 'echoes-global',
    });
    expect(info.json().capabilities.importMode.status).toBe('no');
    const text = await runCli(['registry', 'info', 'karapace'], { env });
    expect(text.stdout).toMatch(/deleted flag.*inverted/i);
  }, 60_000);

  test('export never resurrects a soft-deleted version and carries no invented subject modes', async () => {
    const out = join(dir, 'karapace.json');
    const exported = await runCli(['export', 'karapace', '--out', out, '--json'], { env });
    expect(exported.exitCode).toBe(0);
    const text = readFileSync(out, 'utf8');
    const file = JSON.parse(text);
    const subjects = file.contexts.flatMap((c: { subjects: unknown[] }) => c.subjects) as {
      name: string;
      mode: string | null;
      versions: { version: number; deleted: boolean }[];
    }[];
    expect(subjects.map((s) => s.name)).toEqual(['orders-value']);
    expect(subjects[0]!.versions.filter((v) => !v.deleted).map((v) => v.version)).toEqual([1, 3]);
    expect(subjects[0]!.mode ?? null).toBeNull();
  }, 60_000);

  test('migrate into a real AxonOps copies live versions only; compare then shows no mode differences', async () => {
    const migrated = await runCli(['migrate', 'registry', 'karapace', 'axon', '--json'], { env });
    expect([0]).toContain(migrated.exitCode);
    const target = seeder(axon.axon.url);
    expect(await target.versions('orders-value')).toEqual([1, 3]);
    expect(await target.subjects()).toEqual(['orders-value']);
    const compared = await runCli(['compare', 'karapace', 'axon', '--json'], { env });
    const differences = JSON.stringify(compared.json());
    expect(differences).not.toMatch(/mode-differs|subject\.mode/);
    expect(compared.exitCode).toBe(0);
  }, 120_000);

  test('into Karapace: preview and export validate say IMPORT is impossible before anything is written', async () => {
    await seeder(axon.axon.url).importVersion('extra-value', avroRecord('Extra', ['id']), 900, 1);
    const writesBefore = stub.requests.filter((r) => r.method !== 'GET').length;
    const preview = await runCli(['migrate', 'preview', 'axon', 'karapace', '--format', 'json'], { env });
    expect(JSON.stringify(preview.json().conflicts)).toMatch(/cannot enter IMPORT mode \(Karapace modes are read-only\).*--no-preserve-ids/);
    expect(preview.exitCode).not.toBe(0);
    const text = await runCli(['migrate', 'preview', 'axon', 'karapace'], { env });
    expect(text.stdout).toMatch(/nothing would be written: .*--no-preserve-ids lets the target assign ids \(it cannot enter IMPORT mode\)/);
    expect(text.stdout).not.toMatch(/--force-import/);
    const out = join(dir, 'axon.json');
    expect((await runCli(['export', 'axon', '--out', out], { env })).exitCode).toBe(0);
    const validated = await runCli(['export', 'validate', out, 'karapace', '--json'], { env });
    expect(validated.json().valid).toBe(false);
    expect(validated.json().findings).toContainEqual(expect.objectContaining({ severity: 'blocking', type: 'target.import-not-possible' }));
    const migrated = await runCli(['migrate', 'registry', 'axon', 'karapace', '--json'], { env });
    expect(migrated.exitCode).toBe(2);
    expect(stub.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  }, 120_000);
});
