import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

const optional = (name: string) => ({ name, type: 'string', default: '' });
const order = avroRecord('Order', ['id']);
const orderPretty = `{
  "fields": [ { "type": "string", "name": "id" } ],
  "namespace": "com.example",
  "name": "Order",
  "type": "record"
}`;
const jsonSchema = '{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"integer"}}}';
const jsonSchemaReordered = '{ "properties": { "n": { "type": "integer" }, "id": { "type": "string" } }, "type": "object" }';
const proto = 'syntax = "proto3";\npackage com.example;\n\nmessage Payment {\n  string id = 1;\n}\n';
const protoReformatted = '// payments\nsyntax = "proto3"; package com.example;\nmessage Payment { string id = 1; /* the id */ }';
const customer = avroRecord('Customer', ['id']);
const orderWithCustomer = JSON.stringify({
  type: 'record',
  name: 'OrderRef',
  namespace: 'com.example',
  fields: [{ name: 'customer', type: 'com.example.Customer' }],
});

describe('srx compare registries (real registries)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'staging' | 'prod'>>>;
  let proxy: FaultProxy;
  let stateDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    servers = await startRegistries(['staging', 'prod']);
    const staging = seeder(servers.staging.url);
    const prod = seeder(servers.prod.url);
    for (const [seed, isStaging] of [
      [staging, true],
      [prod, false],
    ] as const) {
      // Shared registrations first, in the same order, so that both registries assign the same ids.
      await seed.register('same-value', order);
      await seed.register('same-value', avroRecord('Order', ['id', optional('note')]));
      await seed.register('format-value', isStaging ? order : orderPretty);
      await seed.register('json-value', { schema: isStaging ? jsonSchema : jsonSchemaReordered, schemaType: 'JSON' });
      await seed.register('proto-value', { schema: isStaging ? proto : protoReformatted, schemaType: 'PROTOBUF' });
      await seed.register('content-value', avroRecord('Content', [isStaging ? 'x' : 'y']));
      await seed.register(isStaging ? 'only-source-value' : 'only-target-value', avroRecord('Lonely', ['id']));
      await seed.register('deleted-value', avroRecord('Del', ['id']));
      await seed.register('customer-value', customer);
      await seed.register('order-ref-value', {
        schema: orderWithCustomer,
        references: [{ name: 'com.example.Customer', subject: 'customer-value', version: 1 }],
      });
      await seed.register('config-value', avroRecord('Conf', ['id']));
      await seed.setCompatibility('config-value', isStaging ? 'FULL' : 'NONE');
      await seed.register('orders-value', avroRecord('TeamOrder', ['id']), isStaging ? '.team-a' : '.team-b');
      await seed.register('softdel-value', avroRecord('SoftDel', ['id']));
      if (isStaging) await seed.softDelete('softdel-value', 1);
      // Then what differs in ids and versions.
      await seed.importVersion('sparse-value', avroRecord('Sparse', ['id']), 1000, 3);
      if (isStaging) await seed.importVersion('sparse-value', avroRecord('Sparse', ['id', optional('s')]), 1001, 7);
      await seed.importVersion('idd-value', avroRecord('Idd', ['id']), isStaging ? 2000 : 2001, 1);
      if (isStaging) {
        await seed.register('deleted-value', avroRecord('Del', ['id', optional('d')]));
        await seed.softDelete('deleted-value', 2);
      }
    }
    await prod.register('orders-value', avroRecord('DefaultOrder', ['id']));
    proxy = await startProxy({ target: servers.staging.url });
    stateDir = mkdtempSync(join(tmpdir(), 'srx-compare-'));
    env = { REGISTRIES: `staging:${servers.staging.url},prod:${servers.prod.url},fallback:${proxy.url}`, SRX_STATE_DIR: stateDir };
  });
  afterAll(async () => {
    await proxy?.stop();
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  const subjectOf = (json: any, subject: string, context = '.') => json.subjects.find((s: any) => s.subject === subject && s.context === context);

  it('reports every subject and version status, as the SPEC JSON shape, with exit 1', async () => {
    const run = await runCli(['compare', 'staging', 'prod', '--json'], { env });
    expect(run.exitCode).toBe(1);
    const json = run.json();
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'registry-comparison', source: { name: 'staging' }, target: { name: 'prod' } });
    expect(Object.keys(json.summary)).toEqual(
      expect.arrayContaining([
        'subjectsOnlyInSource',
        'subjectsOnlyInTarget',
        'subjectsInBoth',
        'identicalSubjects',
        'differingSubjects',
        'versionsMissingInTarget',
        'versionsMissingInSource',
        'conflicts',
      ]),
    );
    expect(subjectOf(json, 'same-value').status).toBe('identical');
    expect(subjectOf(json, 'only-source-value').status).toBe('only-in-source');
    expect(subjectOf(json, 'only-target-value').status).toBe('only-in-target');
    expect(subjectOf(json, 'content-value')).toMatchObject({ status: 'differs', versions: [{ version: 1, status: 'content-differs' }] });
    expect(subjectOf(json, 'sparse-value')).toMatchObject({
      status: 'differs',
      versions: [{ version: 7, status: 'missing-in-target', sourceId: 1001, targetId: null }],
    });
    expect(subjectOf(json, 'idd-value')).toMatchObject({ status: 'differs', versions: [{ version: 1, status: 'id-differs', sourceId: 2000, targetId: 2001 }] });
    expect(subjectOf(json, 'order-ref-value').status).toBe('identical');
    expect(subjectOf(json, 'config-value')).toMatchObject({ status: 'differs', versions: [], config: { source: 'FULL', target: 'NONE' } });
    expect(json.summary.subjectsOnlyInSource).toBeGreaterThanOrEqual(2);
  });

  it('does not report formatting-only differences for any schema type', async () => {
    const json = (await runCli(['compare', 'staging', 'prod', '--json'], { env })).json();
    for (const subject of ['format-value', 'json-value', 'proto-value']) expect(subjectOf(json, subject).status).toBe('identical');
  });

  it('keeps the same subject name in different contexts apart', async () => {
    const json = (await runCli(['compare', 'staging', 'prod', '--json'], { env })).json();
    expect(subjectOf(json, 'orders-value', '.team-a').status).toBe('only-in-source');
    expect(subjectOf(json, 'orders-value', '.team-b').status).toBe('only-in-target');
    expect(subjectOf(json, 'orders-value', '.').status).toBe('only-in-target');
  });

  it('compares soft-deleted versions only with --include-deleted', async () => {
    const live = (await runCli(['compare', 'staging', 'prod', '--json', '--subjects', 'deleted-value'], { env })).json();
    expect(subjectOf(live, 'deleted-value').status).toBe('identical');
    const all = (await runCli(['compare', 'staging', 'prod', '--json', '--subjects', 'deleted-value', '--include-deleted'], { env })).json();
    expect(subjectOf(all, 'deleted-value').versions).toEqual([{ version: 2, status: 'missing-in-target', sourceId: expect.any(Number), targetId: null }]);
    // Soft-deleted in staging only: staging has no live version, so without --include-deleted the subject is prod's alone.
    const liveSoft = (await runCli(['compare', 'staging', 'prod', '--json', '--subjects', 'softdel-value'], { env })).json();
    expect(subjectOf(liveSoft, 'softdel-value').status).toBe('only-in-target');
    const allSoft = (await runCli(['compare', 'staging', 'prod', '--json', '--subjects', 'softdel-value', '--include-deleted'], { env })).json();
    expect(subjectOf(allSoft, 'softdel-value').versions).toEqual([
      expect.objectContaining({ version: 1, status: 'deleted-differs', deleted: { source: true, target: false } }),
    ]);
  });

  it('filters subjects with globs and excludes; exit 0 when the selection agrees', async () => {
    const run = await runCli(['compare', 'staging', 'prod', '--json', '--subjects', 'same-*,format-*', '--subjects', 'json-value', '--exclude', 'format-*'], {
      env,
    });
    expect(run.exitCode).toBe(0);
    expect(run.json().subjects.map((s: any) => s.subject)).toEqual(['json-value', 'same-value']);
  });

  it('skips config drift with --no-config', async () => {
    const run = await runCli(['compare', 'staging', 'prod', '--json', '--subjects', 'config-value', '--no-config'], { env });
    expect(run.exitCode).toBe(0);
    expect(subjectOf(run.json(), 'config-value').status).toBe('identical');
  });

  it('compares one context with another (compare contexts)', async () => {
    const run = await runCli(['compare', 'contexts', 'staging', 'prod', '--context', 'team-a', '--target-context', '.team-b', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.json().subjects).toEqual([
      expect.objectContaining({ subject: 'orders-value', context: '.team-a', targetContext: '.team-b', status: 'identical' }),
    ]);
    const missing = await runCli(['compare', 'contexts', 'staging', 'prod', '--json'], { env });
    expect(missing.exitCode).toBe(2);
  });

  it('prints a summary first, then what differs (table form)', async () => {
    const run = await runCli(['compare', 'staging', 'prod', '--subjects', 'sparse-value,same-value,content-value'], { env });
    expect(run.exitCode).toBe(1);
    const text = stripAnsi(run.stdout);
    expect(text.split('\n')[0]).toContain('staging → prod');
    expect(text).toMatch(/subjects: 3 in both \(1 identical, 2 differing\)/);
    expect(text).toMatch(/sparse-value\s+differs\s+missing in target: v7/);
    expect(text).toContain('Conflicts:');
    expect(text).not.toMatch(/^same-value/m);
  });

  it('reads through the per-subject fallback when /schemas and /contexts are missing, with the same result', async () => {
    proxy.configure({
      rules: [
        { path: /\/schemas(\?|$)/, status: 404, body: '{"error_code":404,"message":"HTTP 404 Not Found"}' },
        { path: '/contexts', status: 404, body: '{"error_code":404,"message":"HTTP 404 Not Found"}' },
      ],
    });
    proxy.requests.length = 0;
    const args = ['--json', '--context', '.', '--include-deleted'];
    const direct = (await runCli(['compare', 'staging', 'prod', ...args], { env })).json();
    const fallbackRun = await runCli(['compare', 'fallback', 'prod', ...args], { env });
    expect(fallbackRun.stderr).toContain('no bulk GET /schemas listing');
    const viaFallback = fallbackRun.json();
    expect(proxy.requests.some((r) => /\/versions\/\d+$/.test(r.path))).toBe(true);
    expect(proxy.requests.some((r) => r.path === '/schemas')).toBe(true);
    expect(viaFallback.subjects).toEqual(direct.subjects);
    expect(viaFallback.summary).toEqual(direct.summary);
  });
});
