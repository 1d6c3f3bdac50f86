import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExportDocument } from '../../../src/core/export/build-document.js';
import { aSnapshot, aVersion, avroSchema } from '../../support/builders.js';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';

const common = avroRecord('Common', ['c'], 'shared');
const user = avroRecord('User', ['id', { name: 'common', type: 'shared.Common' }]);
const ref = (subject: string, version = 1) => [{ name: 'shared.Common', subject, version }];

describe('srx migrate across contexts, with references (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let stateDir: string;
  let env: Record<string, string>;
  const src = () => seeder(servers.src.url);
  const dst = () => seeder(servers.dst.url);

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-migrate-ctx-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${servers.dst.url}`, SRX_STATE_DIR: stateDir };
    // Default context: common-value (id 11), user-value referencing it (id 12).
    await src().importVersion('common-value', common, 11, 1);
    await src().importVersion('user-value', { schema: user, references: ref('common-value') }, 12, 1);
    // Context .team: the same shape with ids 21, 22.
    await src().importVersion('common-value', common, 21, 1, '.team');
    await src().importVersion('user-value', { schema: user, references: ref('common-value') }, 22, 1, '.team');
  });

  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('pulls a referenced subject in from outside the scope and registers it first', async () => {
    const run = await runCli(['migrate', 'schema', 'user-value', 'src', 'dst', '--json'], { env });
    expect(run.exitCode).toBe(0);
    const steps = run.json().steps.filter((s: { action: string }) => s.action === 'register');
    expect(steps.map((s: { subject: string }) => s.subject)).toEqual(['common-value', 'user-value']);
    expect((await dst().version('common-value', 1)).id).toBe(11);
    const migrated = await dst().version('user-value', 1);
    expect(migrated.id).toBe(12);
    expect(migrated.references).toEqual(ref('common-value'));
  });

  it('migrates a context into the same context, ids per context', async () => {
    const run = await runCli(['migrate', 'context', '.team', 'src', 'dst', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect((await dst().version('common-value', 1, '.team')).id).toBe(21);
    const migrated = await dst().version('user-value', 1, '.team');
    expect(migrated.id).toBe(22);
    expect(migrated.references).toEqual(ref('common-value'));
    expect(await dst().getMode(null, '.team')).toBe('READWRITE');
  });

  it('maps a context onto another one, references rewritten for it', async () => {
    const run = await runCli(['migrate', 'context', '.team', 'src', 'dst', '--target-context', '.other', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect(await dst().subjects('.other')).toEqual(expect.arrayContaining(['common-value', 'user-value']));
    const migrated = await dst().version('user-value', 1, '.other');
    expect(migrated.id).toBe(22);
    expect(migrated.references).toEqual(ref('common-value'));
  });

  it('copies a context into another context of the same registry', async () => {
    const same = await runCli(['migrate', 'context', '.team', 'src', 'src'], { env });
    expect(same.exitCode).toBe(2);
    const run = await runCli(['migrate', 'context', '.team', 'src', 'src', '--target-context', '.team-copy', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect((await src().version('user-value', 1, '.team-copy')).id).toBe(22);
    expect((await src().version('user-value', 1, '.team-copy')).references).toEqual(ref('common-value'));
  });

  it('maps the default context onto a named one (the referenced subject follows)', async () => {
    const run = await runCli(['migrate', 'schema', 'user-value', 'src', 'dst', '--target-context', 'named', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect((await dst().version('common-value', 1, '.named')).id).toBe(11);
    expect((await dst().version('user-value', 1, '.named')).references).toEqual(ref('common-value'));
  });

  it('maps a named context onto the default one', async () => {
    await src().importVersion('lib-value', common, 31, 1, '.up');
    await src().importVersion('app-value', { schema: user, references: ref('lib-value') }, 32, 1, '.up');
    const run = await runCli(['migrate', 'context', '.up', 'src', 'dst', '--target-context', '.', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect((await dst().version('lib-value', 1)).id).toBe(31);
    const app = await dst().version('app-value', 1);
    expect(app.id).toBe(32);
    expect(app.references).toEqual(ref('lib-value'));
  });

  it('migrates subjects that reference each other across versions (a v2 → b v1 → a v1) in interleaved order', async () => {
    const a1 = JSON.stringify({ type: 'record', name: 'A', namespace: 'x', fields: [{ name: 'id', type: 'string' }] });
    const b1 = JSON.stringify({ type: 'record', name: 'B', namespace: 'x', fields: [{ name: 'a', type: 'x.A' }] });
    const a2 = JSON.stringify({
      type: 'record',
      name: 'A2',
      namespace: 'x',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'b', type: ['null', 'x.B'], default: null },
      ],
    });
    await src().setCompatibility('sub-a', 'NONE', '.mutual');
    await src().importVersion('sub-a', a1, 51, 1, '.mutual');
    await src().importVersion('sub-b', { schema: b1, references: [{ name: 'x.A', subject: 'sub-a', version: 1 }] }, 52, 1, '.mutual');
    await src().importVersion('sub-a', { schema: a2, references: [{ name: 'x.B', subject: 'sub-b', version: 1 }] }, 53, 2, '.mutual');
    const run = await runCli(['migrate', 'context', '.mutual', 'src', 'dst', '--json'], { env });
    expect(run.exitCode).toBe(0);
    const order = run
      .json()
      .steps.filter((s: { action: string }) => s.action === 'register')
      .map((s: { subject: string; version: number }) => `${s.subject}:${s.version}`);
    expect(order).toEqual(['sub-a:1', 'sub-b:1', 'sub-a:2']);
    expect((await dst().version('sub-a', 2, '.mutual')).id).toBe(53);
    expect((await dst().version('sub-b', 1, '.mutual')).id).toBe(52);
  });

  it('reports a reference the target lacks (--no-with-references) before writing anything', async () => {
    await src().importVersion('base-value', common, 41, 1, '.lone');
    await src().importVersion('top-value', { schema: user, references: ref('base-value') }, 42, 1, '.lone');
    const run = await runCli(['migrate', 'schema', ':.lone:top-value', 'src', 'dst', '--no-with-references', '--json'], { env });
    expect(run.exitCode).toBe(1);
    expect(run.json().conflicts).toEqual([expect.objectContaining({ type: 'dangling-reference', subject: 'top-value' })]);
    expect(await dst().subjects('.lone')).toEqual([]);
  });

  it('reports a reference cycle and a dangling reference in an export source before writing anything', async () => {
    const snapshot = aSnapshot('broken', 'export')
      .withSubject('cyc-a', aVersion({ id: 901, schema: avroSchema('CycA'), references: [{ name: 'com.example.CycB', subject: 'cyc-b', version: 1 }] }))
      .withSubject('cyc-b', aVersion({ id: 902, schema: avroSchema('CycB'), references: [{ name: 'com.example.CycA', subject: 'cyc-a', version: 1 }] }))
      .withSubject('dangles', aVersion({ id: 903, schema: avroSchema('Dangles'), references: [{ name: 'x.Gone', subject: 'gone', version: 7 }] }))
      .withSubject('fine', aVersion({ id: 904, schema: avroSchema('Fine') }))
      .build();
    const file = join(stateDir, 'broken.json');
    writeFileSync(file, JSON.stringify(buildExportDocument(snapshot, { layout: 'json' }).document));
    const run = await runCli(['migrate', 'registry', file, 'dst', '--on-conflict', 'skip', '--json'], { env });
    expect(run.exitCode).toBe(1);
    const types = run
      .json()
      .conflicts.map((c: { type: string }) => c.type)
      .sort();
    expect(types).toEqual(['dangling-reference', 'reference-cycle']);
    expect(run.json().summary.registered).toBe(0);
    expect(await dst().versions('fine')).toEqual([]);
  });
});
