import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs launcher without types
import { startApicurio } from '../../../scripts/lib/apicurio-server.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// A real Apicurio Registry 3.3.3 (ccompat API) has no named contexts: `GET /contexts` answers [":.:"] and every
// `/contexts/{ctx}/...` path is a 404, while `:.x:s` is an ordinary subject name there. AxonOps has contexts.
describe('Apicurio (real): no named contexts, and a round trip AxonOps → Apicurio → AxonOps', () => {
  let apicurio: { url: string; stop: () => Promise<void> };
  let axon: Awaited<ReturnType<typeof startRegistries<'axon' | 'back' | 'teams'>>>;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [apicurio, axon] = await Promise.all([startApicurio(), startRegistries(['axon', 'back', 'teams'])]);
    dir = mkdtempSync(join(tmpdir(), 'srx-apicurio-ctx-'));
    env = { REGISTRIES: `apicurio:${apicurio.url},axon:${axon.axon.url},back:${axon.back.url},teams:${axon.teams.url}`, SRX_STATE_DIR: join(dir, 'state') };
    const source = seeder(axon.axon.url);
    await source.importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await source.importVersion('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]), 102, 2);
    await source.importVersion('users-value', avroRecord('User', ['id']), 103, 1);
    await source.setCompatibility(null, 'FULL');
    await seeder(axon.teams.url).importVersion('clicks-value', avroRecord('Click', ['id']), 201, 1, '.team');
  }, 300_000);

  afterAll(async () => {
    await Promise.all([apicurio?.stop(), axon?.stopAll()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('a plan into a named context stops before any write: exit 2, one line, hint --target-context . (migrate, preview, report)', async () => {
    for (const args of [
      ['migrate', 'registry', 'teams', 'apicurio', '--no-preserve-ids'], // the source's .team, mapped 1:1
      ['migrate', 'context', '.team', 'teams', 'apicurio', '--target-context', '.team', '--no-preserve-ids'],
      ['migrate', 'preview', 'teams', 'apicurio', '--no-preserve-ids'],
      ['migrate', 'report', 'teams', 'apicurio', '--no-preserve-ids'],
    ]) {
      const run = await runCli(args, { env });
      expect({ args, exitCode: run.exitCode }).toEqual({ args, exitCode: 2 });
      expect(stripAnsi(run.stderr)).toBe(
        'error: apicurio has no named contexts (only the default context "."), so srx cannot write into context .team; nothing written\nhint: migrate into the default context: --target-context .\n',
      );
    }
    expect(await seeder(apicurio.url).call('GET', '/subjects')).toEqual([]);
    const json = await runCli(['migrate', 'registry', 'teams', 'apicurio', '--no-preserve-ids', '--json'], { env });
    expect(json.json().error.code).toBe('E_CONTEXTS_NOT_SUPPORTED');
  }, 120_000);

  test('reading a named context of Apicurio is a refusal (exit 2), not an unreachable registry (exit 3)', async () => {
    const run = await runCli(['compare', 'apicurio', 'axon', '--context', '.team'], { env });
    expect(run.exitCode).toBe(2);
    expect(stripAnsi(run.stderr)).toMatch(
      /^error: apicurio has no named contexts .*cannot read context \.team\nhint: read the default context: --context \.\n$/,
    );
  }, 60_000);

  test('AxonOps → Apicurio → AxonOps (--no-preserve-ids): the global level travels both ways, compare is clean by content', async () => {
    const there = await runCli(['migrate', 'registry', 'axon', 'apicurio', '--no-preserve-ids', '--json'], { env });
    expect(there.exitCode).toBe(0);
    expect(there.json().summary.registered).toBe(3);
    expect(await seeder(apicurio.url).call('GET', '/config')).toEqual({ compatibilityLevel: 'FULL' }); // Apicurio's default is NONE
    const comparedThere = await runCli(['compare', 'axon', 'apicurio', '--ignore-ids', '--no-config', '--json'], { env });
    expect(comparedThere.exitCode).toBe(0);
    // Apicurio answers every subject's config with the global level (set or not): --no-copy-config keeps that out of AxonOps.
    const back = await runCli(['migrate', 'registry', 'apicurio', 'back', '--no-preserve-ids', '--no-copy-config', '--json'], { env });
    expect(back.exitCode).toBe(0);
    expect(back.json().summary.registered).toBe(3);
    const compared = await runCli(['compare', 'axon', 'back', '--ignore-ids', '--json'], { env });
    expect(compared.json().changes.filter((c: { severity: string }) => c.severity !== 'info')).toEqual([]);
    expect(compared.exitCode).toBe(0);
    expect(compared.json().summary).toMatchObject({ identicalSubjects: 2, differingSubjects: 0, configDifferences: 0 });
  }, 180_000);

  test('a subject named :.lit:s on Apicurio is a default-context subject: exported and compared, and not misfiled into an AxonOps context', async () => {
    await seeder(apicurio.url).call('POST', '/subjects/:.lit:s/versions', { schema: avroRecord('Lit', ['id']) });
    const out = join(dir, 'apicurio.json');
    const exported = await runCli(['export', 'apicurio', '--out', out, '--json'], { env });
    expect(exported.exitCode).toBe(0);
    expect(exported.json().summary).toMatchObject({ contexts: 1, subjects: 3 });
    expect(readFileSync(out, 'utf8')).toContain('":.lit:s"');
    const compared = await runCli(['compare', 'apicurio', out, '--json'], { env });
    expect(compared.exitCode).toBe(0);
    expect(compared.json().summary.identicalSubjects).toBe(3);
    // AxonOps would file `:.lit:s` as subject s of context .lit: a conflict before any write.
    const migrated = await runCli(['migrate', 'registry', 'apicurio', 'back', '--no-preserve-ids', '--no-copy-config', '--json'], { env });
    expect(migrated.exitCode).toBe(1);
    expect(migrated.json().conflicts).toEqual([expect.objectContaining({ type: 'subject-not-addressable', context: '.', subject: ':.lit:s' })]);
    expect(await seeder(axon.back.url).call('GET', '/contexts')).toEqual(['.']);
  }, 120_000);
});
