import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// A target in READONLY (or READONLY_OVERRIDE) mode at subject, context or registry level is never written:
// srx would otherwise switch it to IMPORT and back. Real AxonOps registries.
describe('READONLY targets (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let dir: string;
  let env: Record<string, string>;
  const src = () => seeder(servers.src.url);
  const dst = () => seeder(servers.dst.url);
  const srx = (args: string[]) => runCli(args, { env, cwd: dir });

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    dir = mkdtempSync(join(tmpdir(), 'srx-readonly-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${servers.dst.url}`, SRX_STATE_DIR: join(dir, 'state') };
    await src().importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await src().importVersion('payments-value', avroRecord('Payment', ['id']), 102, 1);
    await src().importVersion('clicks-value', avroRecord('Click', ['id']), 201, 1, '.team-a');
    // The target already holds orders-value (an older copy), frozen by its owner.
    await dst().importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await dst().setMode('orders-value', 'READONLY');
    await dst().importVersion('clicks-seed-value', avroRecord('Seed', ['id']), 900, 1, '.team-a');
    await dst().setMode(null, 'READONLY_OVERRIDE', '.team-a');
  }, 120_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const modes = async () => ({ orders: await dst().getMode('orders-value'), teamA: await dst().getMode(null, '.team-a'), global: await dst().getMode(null) });

  test('a READONLY subject: the plan says so before any write, nothing is written, modes untouched', async () => {
    await src().importVersion('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]), 103, 2);
    const before = await modes();
    const run = await srx(['migrate', 'schema', 'orders-value', 'src', 'dst', '--json']);
    expect(run.exitCode).toBe(1);
    const result = run.json();
    expect(result.conflicts).toEqual([
      expect.objectContaining({
        type: 'target-readonly',
        subject: 'orders-value',
        message: expect.stringMatching(/orders-value is READONLY in the target \(subject mode\)/),
      }),
    ]);
    expect(result.summary.registered).toBe(0);
    expect(await dst().versions('orders-value')).toEqual([1]);
    expect(await modes()).toEqual(before);
    const text = await srx(['migrate', 'schema', 'orders-value', 'src', 'dst']);
    expect(stripAnsi(text.stdout)).toMatch(/nothing was written: 1 conflict\(s\) block the plan; set the target's mode to READWRITE first/);
  });

  test('a READONLY_OVERRIDE context refuses the subjects migrated into it; --on-conflict skip copies the rest', async () => {
    const blocked = await srx(['migrate', 'registry', 'src', 'dst', '--json']);
    expect(blocked.exitCode).toBe(1);
    expect(
      blocked
        .json()
        .conflicts.map((c: { type: string; context: string; subject: string }) => `${c.type} ${c.context} ${c.subject}`)
        .sort(),
    ).toEqual(['target-readonly . orders-value', 'target-readonly .team-a clicks-value']);
    expect((await dst().subjects('.team-a')) ?? []).toEqual(['clicks-seed-value']);
    const skipped = await srx(['migrate', 'registry', 'src', 'dst', '--on-conflict', 'skip', '--json']);
    expect(skipped.exitCode).toBe(1);
    expect((await dst().version('payments-value', 1)).id).toBe(102);
    expect((await dst().subjects('.team-a')) ?? []).toEqual(['clicks-seed-value']);
    expect(await dst().getMode(null, '.team-a')).toBe('READONLY_OVERRIDE');
  });

  test('sync and import refuse the same way; a READONLY registry refuses everything', async () => {
    await dst().setMode(null, 'READONLY');
    await src().importVersion('refunds-value', avroRecord('Refund', ['id']), 104, 1);
    const sync = await srx(['sync', 'schema', 'refunds-value', 'src', 'dst', '--on-conflict', 'fail', '--json']);
    expect(sync.exitCode).toBe(1);
    expect(JSON.stringify(sync.json().conflicts)).toMatch(/refunds-value is READONLY in the target \(registry mode\)/);
    const file = join(dir, 'src.json');
    expect((await srx(['export', 'src', '--out', file, '--subjects', 'refunds-value'])).exitCode).toBe(0);
    const imported = await srx(['import', file, 'dst', '--json']);
    expect(imported.exitCode).toBe(1);
    expect(imported.json().conflicts[0].type).toBe('target-readonly');
    expect(
      await dst()
        .versions('refunds-value')
        .catch(() => []),
    ).toEqual([]);
    expect(await dst().getMode(null)).toBe('READONLY');
    await dst().setMode(null, 'READWRITE');
  });
});
