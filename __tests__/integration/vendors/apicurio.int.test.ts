import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs launcher without types
import { startApicurio } from '../../../scripts/lib/apicurio-server.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

// A real Apicurio Registry 3.3.3 (its Confluent-compatible ccompat API, in memory) on 127.0.0.1, installed from
// Maven Central by `npm test` (scripts/install-apicurio.mjs). What it does differently is in REGISTRY-NOTES.md:
// no contexts (`/contexts` is [":.:"]), a /schemas listing of schema texts only, /subjects capped at 1,000.
const SUBJECTS = 1_050;

describe('Apicurio Registry (real, ccompat API)', () => {
  let apicurio: { url: string; stop: () => Promise<void> };
  let axon: Awaited<ReturnType<typeof startRegistries<'axon'>>>;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [apicurio, axon] = await Promise.all([startApicurio(), startRegistries(['axon'])]);
    dir = mkdtempSync(join(tmpdir(), 'srx-apicurio-'));
    env = { REGISTRIES: `apicurio:${apicurio.url},axon:${axon.axon.url}`, SRX_STATE_DIR: join(dir, 'state') };
    const seed = seeder(apicurio.url);
    for (let i = 0; i < SUBJECTS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, SUBJECTS - i) }, (_, j) =>
          seed.register(`s${String(i + j).padStart(4, '0')}-value`, avroRecord(`R${i + j}`, ['id'])),
        ),
      );
    }
    await seeder(axon.axon.url).importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await seeder(axon.axon.url).importVersion('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]), 102, 2);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([apicurio?.stop(), axon?.stopAll()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  test('srx reads a non-empty Apicurio: its text-only /schemas listing means "read subject by subject", /subjects is paged past 1,000', async () => {
    const exported = await runCli(['export', 'apicurio', '--out', join(dir, 'apicurio.json'), '--json'], { env });
    expect(exported.exitCode).toBe(0);
    expect(exported.json().summary).toMatchObject({ contexts: 1, subjects: SUBJECTS, versions: SUBJECTS });
    expect(exported.stderr).toMatch(/no bulk GET \/schemas listing: reading subject by subject/);
    const compared = await runCli(['compare', 'apicurio', join(dir, 'apicurio.json'), '--no-config', '--json'], { env });
    expect(compared.exitCode).toBe(0);
    expect(compared.json().summary.subjectsInBoth).toBe(SUBJECTS);
  }, 180_000);

  test('registry info: [":.:"] from /contexts is the default context only', async () => {
    const info = await runCli(['registry', 'info', 'apicurio', '--json'], { env });
    expect(info.exitCode).toBe(0);
    expect(info.json().counts).toMatchObject({ contexts: 1, subjects: SUBJECTS });
  }, 180_000);

  test('a cross-vendor migration AxonOps → Apicurio (--no-preserve-ids: Apicurio assigns content ids) is clean by content', async () => {
    const migrated = await runCli(['migrate', 'schema', 'orders-value', 'axon', 'apicurio', '--no-preserve-ids', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    expect(migrated.json().summary.registered).toBe(2);
    const compared = await runCli(['compare', 'axon', 'apicurio', '--subjects', 'orders-value', '--no-config', '--ignore-ids', '--json'], { env });
    expect(compared.exitCode).toBe(0);
    expect(compared.json().summary).toMatchObject({ identicalSubjects: 1, differingSubjects: 0 });
  }, 180_000);

  test('a target that takes IMPORT but ignores ids is found at the first write: srx stops there, journaled, and rollback removes it', async () => {
    await seeder(axon.axon.url).importVersion('payments-value', avroRecord('Payment', ['id']), 5001, 1);
    await seeder(axon.axon.url).importVersion('payments-value', avroRecord('Payment', ['id', { name: 'x', type: 'string', default: '' }]), 5002, 2);
    const run = await runCli(['migrate', 'schema', 'payments-value', 'axon', 'apicurio', '--json'], { env });
    expect(run.exitCode).toBe(4);
    const result = run.json();
    expect(result.status).toBe('partial');
    expect(result.steps.filter((s: { status: string }) => s.status === 'applied')).toHaveLength(1);
    expect(result.warnings.map((w: { message: string }) => w.message).join('\n')).toMatch(/ids cannot be preserved there.*--no-preserve-ids/s);
    expect(await seeder(apicurio.url).versions('payments-value')).toHaveLength(1);
    const rollback = await runCli(['migrate', 'rollback', result.id, '--yes', '--json'], { env });
    expect(rollback.exitCode).toBe(0);
    expect(
      (
        (await seeder(apicurio.url)
          .versions('payments-value')
          .catch(() => [])) ?? []
      ).length,
    ).toBe(0);
  }, 180_000);
});
