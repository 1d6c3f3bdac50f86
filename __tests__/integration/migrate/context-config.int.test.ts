import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

interface Drift {
  context: string;
  subject: string | null;
  setting: string;
  source: string | null;
  target: string | null;
}

/** `srx compare`'s compatibility and mode changes, as `migrate report` items (sorted). */
function compareDrift(changes: { type: string; context: string; subject?: string; source?: string | null; target?: string | null }[]): Drift[] {
  return sortDrift(
    changes
      .filter((c) => /(compatibility|mode)-differs$/.test(c.type))
      .map((c) => ({
        context: c.context,
        subject: c.subject ?? null,
        setting: c.type.endsWith('mode-differs') ? 'mode' : 'compatibility',
        source: c.source ?? null,
        target: c.target ?? null,
      })),
  );
}

function sortDrift(items: Drift[]): Drift[] {
  return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

// On AxonOps, as on Confluent, GET /config answers the registry's global level (set, or the server's default) and
// GET /contexts/.x/config a context's level: what every subject without its own level gets, and what compare compares.
describe('the compatibility of contexts migrated as a whole (global level for "."): compare is clean afterwards (real AxonOps)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst' | 'drift' | 'keep'>>>;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst', 'drift', 'keep']);
    dir = mkdtempSync(join(tmpdir(), 'srx-context-config-'));
    env = {
      REGISTRIES: `src:${servers.src.url},dst:${servers.dst.url},drift:${servers.drift.url},keep:${servers.keep.url}`,
      SRX_STATE_DIR: join(dir, 'state'),
    };
    const src = seeder(servers.src.url);
    await src.importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await src.importVersion('clicks-value', avroRecord('Click', ['id']), 201, 1, '.team');
    await src.setCompatibility(null, 'FULL');
    await src.setCompatibility(null, 'FORWARD', '.team');
    await src.setCompatibility('orders-value', 'NONE');
    // drift: the same version, another subject level and a subject mode (modes are not copied).
    const drift = seeder(servers.drift.url);
    await drift.importVersion('orders-value', avroRecord('Order', ['id']), 101, 1);
    await drift.setCompatibility('orders-value', 'FORWARD_TRANSITIVE');
    await drift.setMode('orders-value', 'READWRITE');
  }, 120_000);

  afterAll(async () => {
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('migrate report lists exactly the config drift compare reports (global, context and subject levels, modes)', async () => {
    const report = await runCli(['migrate', 'report', 'src', 'drift', '--json'], { env });
    expect(report.exitCode).toBe(0);
    const compared = await runCli(['compare', 'src', 'drift', '--json'], { env });
    expect(compared.exitCode).toBe(1);
    const expected = compareDrift(compared.json().changes);
    expect(expected).toEqual(
      expect.arrayContaining([
        { context: '.', subject: null, setting: 'compatibility', source: 'FULL', target: 'BACKWARD' },
        { context: '.', subject: 'orders-value', setting: 'compatibility', source: 'NONE', target: 'FORWARD_TRANSITIVE' },
        { context: '.', subject: 'orders-value', setting: 'mode', source: null, target: 'READWRITE' },
      ]),
    );
    expect(sortDrift(report.json().configDrift)).toEqual(expected);
    expect(report.json().summary.configDrift).toBe(expected.length);
  }, 60_000);

  test('migrate registry copies the global and context levels (journaled), compare is clean, rollback puts them back', async () => {
    const migrated = await runCli(['migrate', 'registry', 'src', 'dst', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    const result = migrated.json();
    const contextSteps = result.steps.filter((s: { subject: string }) => s.subject === '');
    expect(contextSteps.map((s: { context: string; status: string }) => [s.context, s.status]).sort()).toEqual([
      ['.', 'applied'],
      ['.team', 'applied'],
    ]);
    const journal = readFileSync(result.journalPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(
      journal
        .filter((e) => e.type === 'step' && e.subject === '')
        .map((e) => [e.context, e.compatibility, e.previousCompatibility])
        .sort(),
    ).toEqual([
      ['.', 'FULL', 'BACKWARD'],
      ['.team', 'FORWARD', null],
    ]); // .team is new in the target: rollback removes its level
    const compared = await runCli(['compare', 'src', 'dst', '--json'], { env });
    expect(compared.json().changes).toEqual([]);
    expect(compared.exitCode).toBe(0);

    const rollback = await runCli(['migrate', 'rollback', result.id, '--yes', '--json'], { env });
    expect(rollback.exitCode).toBe(0);
    const dst = seeder(servers.dst.url);
    expect(await dst.call('GET', '/config')).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await dst.call('GET', '/contexts/.team/config')).toEqual({ compatibilityLevel: 'BACKWARD' });
  }, 60_000);

  test('--no-copy-context-config leaves the target levels alone (compare then reports them)', async () => {
    const migrated = await runCli(['migrate', 'registry', 'src', 'keep', '--no-copy-context-config', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    expect(migrated.json().steps.filter((s: { subject: string }) => s.subject === '')).toEqual([]);
    expect(await seeder(servers.keep.url).call('GET', '/config')).toEqual({ compatibilityLevel: 'BACKWARD' });
    const compared = await runCli(['compare', 'src', 'keep', '--json'], { env });
    expect(compared.exitCode).toBe(1);
    expect(compareDrift(compared.json().changes)).toEqual([
      { context: '.', subject: null, setting: 'compatibility', source: 'FULL', target: 'BACKWARD' },
      { context: '.team', subject: null, setting: 'compatibility', source: 'FORWARD', target: 'BACKWARD' },
    ]);
  }, 60_000);
});
