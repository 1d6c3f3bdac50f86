import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const optional = (name: string, type: unknown = 'string', value: unknown = '') => ({ name, type, default: value });

describe('srx compare missing | conflicts | subjects | schema, srx diff (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'prod'>>>;
  let stateDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    servers = await startRegistries(['staging', 'prod']);
    const staging = seeder(servers.staging.url);
    const prod = seeder(servers.prod.url);
    // Missing versions: v2 compatible with prod's v1, v3 of another subject not.
    await staging.register('orders-value', avroRecord('Order', ['id']));
    await staging.register('orders-value', avroRecord('Order', ['id', optional('note')]));
    await prod.register('orders-value', avroRecord('Order', ['id']));
    await staging.importVersion('strict-value', avroRecord('Strict', ['id']), 100, 1);
    await staging.importVersion('strict-value', avroRecord('Strict', [{ name: 'id', type: 'int' }]), 101, 2);
    await prod.importVersion('strict-value', avroRecord('Strict', ['id']), 100, 1);
    // Content and schema type conflicts on the same subject+version.
    await staging.importVersion('content-value', avroRecord('Content', ['a']), 200, 1);
    await prod.importVersion('content-value', avroRecord('Content', ['b']), 300, 1);
    await staging.importVersion('type-value', { schema: '{"type":"object"}', schemaType: 'JSON' }, 201, 1);
    await prod.importVersion('type-value', { schema: 'syntax = "proto3";\nmessage T { string id = 1; }', schemaType: 'PROTOBUF' }, 301, 1);
    // Id collision: id 500 holds different schemas under different subjects.
    await staging.importVersion('collide-a', avroRecord('CollideA', ['id']), 500, 1);
    await prod.importVersion('collide-b', avroRecord('CollideB', ['id']), 500, 1);
    stateDir = mkdtempSync(join(tmpdir(), 'srx-findings-'));
    env = { REGISTRIES: `staging:${servers.staging.url},prod:${servers.prod.url}`, SRX_STATE_DIR: stateDir };
  });
  afterAll(async () => {
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('compare missing lists versions absent in the target (JSON shape, exit 1 / 0)', async () => {
    const run = await runCli(['compare', 'missing', 'staging', 'prod', '--json'], { env });
    expect(run.exitCode).toBe(1);
    const json = run.json();
    expect(json.kind).toBe('missing-schemas');
    expect(json.missing).toEqual(
      expect.arrayContaining([
        { subject: 'orders-value', context: '.', version: 2, id: expect.any(Number), schemaType: 'AVRO', deleted: false },
        { subject: 'strict-value', context: '.', version: 2, id: 101, schemaType: 'AVRO', deleted: false },
        { subject: 'collide-a', context: '.', version: 1, id: 500, schemaType: 'AVRO', deleted: false },
      ]),
    );
    expect(json.missing.some((m: any) => m.subject === 'collide-b')).toBe(false);
    const none = await runCli(['compare', 'missing', 'staging', 'prod', '--subjects', 'content-value', '--json'], { env });
    expect(none.exitCode).toBe(0);
    expect(none.json().missing).toEqual([]);
  });

  it('compare conflicts finds content, schema type, id collisions and versions the target rejects', async () => {
    const run = await runCli(['compare', 'conflicts', 'staging', 'prod', '--json'], { env });
    expect(run.exitCode).toBe(1);
    const json = run.json();
    expect(json.kind).toBe('schema-conflicts');
    const byType = (type: string) => json.conflicts.filter((c: any) => c.type === type);
    expect(byType('content')).toEqual([
      expect.objectContaining({ subject: 'content-value', version: 1, sourceId: 200, targetId: 300, message: expect.any(String) }),
    ]);
    expect(byType('schema-type')).toEqual([expect.objectContaining({ subject: 'type-value', version: 1 })]);
    expect(byType('id-collision')).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject: 'collide-a', sourceId: 500, targetSubject: 'collide-b' })]),
    );
    const incompatible = byType('incompatible');
    expect(incompatible).toEqual([expect.objectContaining({ subject: 'strict-value', version: 2, messages: expect.any(Array) })]);
    expect(incompatible[0].messages.length).toBeGreaterThan(0);
    expect(json.summary).toMatchObject({ content: 1, schemaType: 1, incompatible: 1, compatibilityChecked: 2 });
    const clean = await runCli(['compare', 'conflicts', 'staging', 'prod', '--subjects', 'orders-value'], { env });
    expect(clean.exitCode).toBe(0);
    expect(stripAnsi(clean.stdout)).toContain('no conflicts');
  });

  it('compare subjects lists names on each side', async () => {
    const run = await runCli(['compare', 'subjects', 'staging', 'prod', '--json'], { env });
    expect(run.exitCode).toBe(1);
    expect(run.json()).toMatchObject({ kind: 'subject-comparison', onlyInSource: ['collide-a'], onlyInTarget: ['collide-b'] });
    expect(run.json().inBoth).toEqual(['content-value', 'orders-value', 'strict-value', 'type-value']);
  });

  it('compare schema prints a unified diff of the normalized schemas and a verdict', async () => {
    const run = await runCli(['compare', 'schema', 'orders-value', 'staging', 'prod'], { env });
    expect(run.exitCode).toBe(1);
    const text = stripAnsi(run.stdout);
    expect(text).toContain('--- staging v2');
    expect(text).toContain('+++ prod v1');
    expect(text).toMatch(/^-\s+"name": "note",$/m);
    expect(text).toMatch(/orders-value: differs: version 2 .* in staging, version 1 .* in prod/);
  });

  it('srx diff picks versions; identical versions exit 0; JSON kind schema-diff', async () => {
    const same = await runCli(['diff', 'orders-value', 'staging', 'prod', '--version', '1', '--json'], { env });
    expect(same.exitCode).toBe(0);
    expect(same.json()).toMatchObject({
      kind: 'schema-diff',
      subject: 'orders-value',
      context: '.',
      status: 'identical',
      diff: '',
      source: { version: 1 },
      target: { version: 1 },
    });
    const absent = await runCli(['diff', 'collide-a', 'staging', 'prod', '--json'], { env });
    expect(absent.exitCode).toBe(1);
    expect(absent.json()).toMatchObject({ status: 'missing-in-target', target: null });
    const unknown = await runCli(['diff', 'nowhere-value', 'staging', 'prod', '--json'], { env });
    expect(unknown.exitCode).toBe(2);
    const badVersion = await runCli(['diff', 'orders-value', 'staging', 'prod', '--version', 'x'], { env });
    expect(badVersion.exitCode).toBe(2);
  });

  it('reads an srx export as a source, with the same result as the live registry', async () => {
    const file = join(stateDir, 'staging-export.json');
    expect((await runCli(['export', 'staging', '-o', file], { env })).exitCode).toBe(0);
    const live = (await runCli(['compare', 'staging', 'prod', '--json'], { env })).json();
    const run = await runCli(['compare', file, 'prod', '--json'], { env });
    expect(run.exitCode).toBe(1);
    expect(run.json().subjects).toEqual(live.subjects);
    const conflicts = (await runCli(['compare', 'conflicts', file, 'prod', '--json'], { env })).json();
    expect(conflicts.conflicts.map((c: any) => c.type).sort()).toEqual(['content', 'id-collision', 'incompatible', 'schema-type']);
  });

  it('exits 3 when a registry cannot be reached', async () => {
    const run = await runCli(['compare', 'staging', 'http://127.0.0.1:9', '--json', '--timeout', '2000'], { env });
    expect(run.exitCode).toBe(3);
    expect(run.json().kind).toBe('error');
  }, 60_000);
});
