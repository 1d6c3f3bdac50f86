import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs launcher without types
import { startApicurio } from '../../../scripts/lib/apicurio-server.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// A real Apicurio Registry 3.3.3 (ccompat API): `GET /mode/{s}` and `GET /config/{s}` answer the global value
// where nothing is set at subject level (never 40409/40408), it ignores the ids sent in IMPORT, and lists
// schema texts only on /schemas. srx's capability profile knows it, so subject modes/config are effective
// values: nothing invented in exports, compare or a reverse migration into AxonOps.
describe('Apicurio capability profile (real)', () => {
  let apicurio: { url: string; stop: () => Promise<void> };
  let axon: Awaited<ReturnType<typeof startRegistries<'axon'>>>;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [apicurio, axon] = await Promise.all([startApicurio(), startRegistries(['axon'])]);
    dir = mkdtempSync(join(tmpdir(), 'srx-apicurio-profile-'));
    env = { REGISTRIES: `apicurio:${apicurio.url},axon:${axon.axon.url}`, SRX_STATE_DIR: join(dir, 'state') };
    const seed = seeder(apicurio.url);
    await seed.register('plain-value', avroRecord('Plain', ['id']));
    await seed.register('strict-value', avroRecord('Strict', ['id']));
    const set = await fetch(`${apicurio.url}/config/strict-value`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ compatibility: 'FULL' }),
    });
    expect(set.status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([apicurio?.stop(), axon?.stopAll()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('registry info: Apicurio, default context only, text-only /schemas, echoed subject mode/config, ids not kept in IMPORT', async () => {
    const info = await runCli(['registry', 'info', 'apicurio', '--json'], { env });
    expect(info.exitCode).toBe(0);
    expect(info.json().profile).toMatchObject({
      vendor: 'Apicurio',
      contexts: 'default-only',
      bulkListing: 'text-only',
      bulkDeletedFlag: 'n/a',
      subjectModes: 'echoes-global',
      subjectConfig: 'echoes-global',
      importKeepsIds: 'no',
      modeWrites: 'unknown',
    });
    expect(info.json().capabilities.importKeepsIds.status).toBe('no');
  }, 60_000);

  test('AxonOps registry info: named contexts, a full and trusted listing, real subject modes and config', async () => {
    const info = await runCli(['registry', 'info', 'axon', '--json'], { env });
    expect(info.exitCode).toBe(0);
    expect(info.json().profile).toMatchObject({
      contexts: 'named',
      bulkListing: 'full',
      bulkDeletedFlag: 'trustworthy',
      subjectModes: 'real',
      subjectConfig: 'real',
    });
  }, 60_000);

  test('export carries only the subject config really set (FULL), no invented subject modes or NONE levels', async () => {
    const out = join(dir, 'apicurio.json');
    expect((await runCli(['export', 'apicurio', '--out', out], { env })).exitCode).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const subjects = file.contexts.flatMap((c: { subjects: unknown[] }) => c.subjects) as {
      name: string;
      mode?: string | null;
      compatibility?: string | null;
    }[];
    const byName = Object.fromEntries(subjects.map((s) => [s.name, { mode: s.mode ?? null, compatibility: s.compatibility ?? null }]));
    expect(byName).toEqual({ 'plain-value': { mode: null, compatibility: null }, 'strict-value': { mode: null, compatibility: 'FULL' } });
  }, 60_000);

  test('a reverse migration Apicurio → AxonOps writes no subject config the source only reported as the global value', async () => {
    const migrated = await runCli(['migrate', 'registry', 'apicurio', 'axon', '--no-preserve-ids', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    const config = async (subject: string) => (await (await fetch(`${axon.axon.url}/config/${subject}`)).json()) as Record<string, unknown>;
    const mode = async (subject: string) => (await (await fetch(`${axon.axon.url}/mode/${subject}`)).json()) as Record<string, unknown>;
    expect(await config('plain-value')).toMatchObject({ error_code: 40408 });
    expect(await config('strict-value')).toMatchObject({ compatibilityLevel: 'FULL' });
    expect((await mode('plain-value')).mode).toBeUndefined();
    const compared = await runCli(['compare', 'apicurio', 'axon', '--ignore-ids', '--json'], { env });
    expect(JSON.stringify(compared.json())).not.toMatch(/subject\\.mode|mode-differs/);
  }, 120_000);

  test('preview and export validate say ids cannot be kept on Apicurio', async () => {
    await seeder(axon.axon.url).importVersion('orders-value', avroRecord('Order', ['id']), 700, 1);
    const preview = await runCli(['migrate', 'preview', 'axon', 'apicurio', '--scope', 'subject:orders-value', '--format', 'json'], { env });
    expect(
      preview
        .json()
        .warnings.map((w: { message: string }) => w.message)
        .join('\n'),
    ).toMatch(/ids cannot be kept on apicurio: Apicurio accepts IMPORT mode but assigns its own ids/);
    const out = join(dir, 'axon.json');
    expect((await runCli(['export', 'axon', '--subjects', 'orders-value', '--out', out], { env })).exitCode).toBe(0);
    const validated = await runCli(['export', 'validate', out, 'apicurio', '--json'], { env });
    expect(validated.json().findings).toContainEqual(expect.objectContaining({ severity: 'blocking', type: 'target.ids-not-kept' }));
  }, 60_000);
});
