import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';

// Plan, then confirm (as `terraform apply`): a protected target shows the plan before the prompt. Real AxonOps.
describe('plan, then confirm (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'prod'>>>;
  let dir: string;
  let env: Record<string, string>;
  const src = () => seeder(servers.src.url);
  const prod = () => seeder(servers.prod.url);
  const terminal = (args: string[], typed: string) => runCli(args, { env, cwd: dir, isTTY: true, stdin: `${typed}\n` });

  beforeAll(async () => {
    servers = await startRegistries(['src', 'prod']);
    dir = mkdtempSync(join(tmpdir(), 'srx-confirm-'));
    env = {
      REGISTRIES_CONFIG: JSON.stringify({ src: { url: servers.src.url }, prod: { url: servers.prod.url, protected: true } }),
      SRX_STATE_DIR: join(dir, 'state'),
    };
    await src().importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await src().importVersion('payments-value', avroRecord('Payment', ['id']), 102, 1);
  }, 120_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a protected target shows the plan, then asks; a wrong name writes nothing', async () => {
    const refused = await terminal(['migrate', 'schema', 'orders-value', 'src', 'prod'], 'nope');
    expect(refused.exitCode).toBe(2);
    const err = stripAnsi(refused.stderr);
    expect(err.indexOf('migration plan')).toBeGreaterThanOrEqual(0);
    expect(err.indexOf('migration plan')).toBeLessThan(err.indexOf('Type the registry name'));
    expect(err).toMatch(/register\s+orders-value\s+1\s+101 → 101/);
    expect((await prod().subjects()) ?? []).toEqual([]);
    const done = await terminal(['migrate', 'schema', 'orders-value', 'src', 'prod'], 'prod');
    expect(done.exitCode).toBe(0);
    expect((await prod().version('orders-value', 1)).id).toBe(101);
  });

  test('migrate apply <plan> shows the saved plan before the prompt', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['migrate', 'preview', 'src', 'prod', '--scope', 'subject:payments-value', '--plan-out', planFile], { env, cwd: dir })).exitCode).toBe(
      0,
    );
    const run = await terminal(['migrate', 'apply', planFile], 'prod');
    expect(run.exitCode).toBe(0);
    const err = stripAnsi(run.stderr);
    expect(err).toMatch(/register\s+payments-value\s+1\s+102 → 102/);
    expect(err.indexOf('payments-value')).toBeLessThan(err.indexOf('Type the registry name'));
  });

  test('a stale plan is refused naming what changed', async () => {
    await src().importVersion('refunds-value', avroRecord('Refund', ['id']), 103, 1);
    const planFile = join(dir, 'stale.json');
    expect((await runCli(['migrate', 'preview', 'src', 'prod', '--scope', 'subject:refunds-value', '--plan-out', planFile], { env, cwd: dir })).exitCode).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(planFile, 'utf8')).kind).toBe('migration-plan');
    await src().importVersion('refunds-value', avroRecord('Refund', ['id', { name: 'reason', type: 'string', default: '' }]), 104, 2);
    const run = await runCli(['migrate', 'apply', planFile, '--yes'], { env, cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(stripAnsi(run.stderr)).toMatch(
      /^error: the source changed in the plan's scope since the plan was made: refunds-value version 2: new register; nothing written/,
    );
  });

  test('a blocked plan ends with one line: nothing would be written, and which option unblocks which conflict', async () => {
    await prod().importVersion('clash-value', avroRecord('Clash', ['a']), 201, 1);
    await src().importVersion('clash-value', avroRecord('Clash', ['b']), 105, 1);
    const run = await runCli(['migrate', 'preview', 'src', 'prod', '--scope', 'subject:clash-value'], { env, cwd: dir });
    expect(run.exitCode).toBe(1);
    const last = stripAnsi(run.stdout).trimEnd().split('\n').pop();
    expect(last).toMatch(/^nothing would be written: 1 conflict\(s\) block the plan; --on-conflict skip leaves the subjects with content conflicts out$/);
  });

  test('rollback on a terminal shows the permanent deletes and asks; --yes does not ask', async () => {
    const migrated = await runCli(['migrate', 'schema', 'refunds-value', 'src', 'prod', '--yes', '--json'], { env, cwd: dir });
    expect(migrated.exitCode).toBe(0);
    const id = migrated.json().id as string;
    const refused = await terminal(['migrate', 'rollback', id], 'no');
    expect(refused.exitCode).toBe(2);
    expect(stripAnsi(refused.stderr)).toMatch(/permanently delete 2 version\(s\) from prod\? Type the registry name/);
    expect(await prod().versions('refunds-value')).toEqual([1, 2]);
    const rolledBack = await runCli(['migrate', 'rollback', id, '--yes', '--json'], { env, cwd: dir, isTTY: true });
    expect(rolledBack.exitCode).toBe(0);
    expect(rolledBack.stderr).not.toMatch(/Type the registry name/);
    expect(
      (await prod()
        .versions('refunds-value')
        .catch(() => [])) ?? [],
    ).toEqual([]);
  });
});
