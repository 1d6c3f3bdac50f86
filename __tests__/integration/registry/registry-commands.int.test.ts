// list/info/test/use against a real, seeded AxonOps registry; `use` persisting across runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { freePort, startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { runCli, stripAnsi } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

let registry: RegistryServer;
let recorder: FaultProxy;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startRegistry();
  recorder = await startProxy({ target: registry.url });
  dir = mkdtempSync(join(tmpdir(), 'srx-registry-'));
  const seed = seeder(registry.url);
  await seed.register('orders-value', avroRecord('Order', ['id']));
  await seed.register('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]));
  await seed.register('users-value', avroRecord('User', ['id']));
  await seed.register('users-value', avroRecord('User', ['id', { name: 'email', type: 'string', default: '' }]));
  await seed.softDelete('users-value', 2);
  await seed.register('payments-value', avroRecord('Payment', ['id']), '.team-a');
  await seed.setMode(null, 'READONLY', '.team-a');
  const port = await freePort();
  writeFileSync(
    join(dir, 'schema-tool.config.json'),
    JSON.stringify({
      registries: {
        dev: { url: registry.url, description: 'Development' },
        rec: { url: recorder.url, description: 'through a recording proxy' },
        prod: { url: `http://127.0.0.1:${port}`, user: 'ops', password: '${PROD_PASSWORD}', protected: true },
      },
      default_registry: 'dev',
    }),
  );
  env = { PROD_PASSWORD: 'prod-pass-42', SRX_STATE_DIR: join(dir, 'state') };
});
afterAll(async () => {
  await recorder?.stop();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const srx = (...args: string[]) => runCli(args, { env, cwd: dir });

describe('srx registry list', () => {
  it('lists the configured registries with the default, no secrets, no network', async () => {
    const run = await srx('registry', 'list', '--json');
    expect(run.exitCode).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ schemaVersion: 1, kind: 'registry-list', defaultRegistry: 'dev', defaultSource: 'config' });
    expect(result.registries.map((r: { name: string }) => r.name)).toEqual(['dev', 'prod', 'rec']);
    expect(result.registries[1]).toMatchObject({ name: 'prod', auth: 'basic', protected: true, readonly: false, isDefault: false });
    expect(run.stdout).not.toContain('prod-pass-42');
    const table = stripAnsi((await srx('registry', 'list')).stdout);
    expect(table).toMatch(/\* dev\s+http:\/\/127\.0\.0\.1:\d+\s+none\s+-\s+-\s+Development/);
    expect(table).toMatch(/prod\s+http:\/\/127\.0\.0\.1:\d+\s+basic\s+-\s+protected/);
    expect(table).toContain('* default: dev (default_registry in the config)');
  });

  it('says how to configure when nothing is configured', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'srx-empty-'));
    const run = await runCli(['registry', 'list'], { env: { SRX_STATE_DIR: join(empty, 's') }, cwd: empty });
    rmSync(empty, { recursive: true, force: true });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/No registries configured/);
  });

  it('registry test with nothing configured is a usage error (exit 2)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'srx-empty-'));
    const run = await runCli(['registry', 'test'], { env: { SRX_STATE_DIR: join(empty, 's') }, cwd: empty });
    rmSync(empty, { recursive: true, force: true });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: no registries configured/);
  });
});

describe('srx registry info', () => {
  it('reports server, config, counts and capabilities', async () => {
    const run = await srx('registry', 'info', 'dev', '--json');
    expect(run.exitCode).toBe(0);
    const info = run.json();
    expect(info).toMatchObject({
      kind: 'registry-info',
      name: 'dev',
      compatibility: 'BACKWARD',
      mode: 'READWRITE',
      counts: { contexts: 2, subjects: 3, versions: 4, deletedVersions: 1, listing: 'bulk' },
      capabilities: {
        contexts: { status: 'yes' },
        bulkSchemas: { status: 'yes' },
        deletedListing: { status: 'yes' },
        importMode: { status: 'unknown' },
      },
    });
    expect(info.server.version).toBe('dev'); // what this AxonOps build says about itself
    expect(info.contexts).toEqual([
      { context: '.', subjects: 2, versions: 3, deletedVersions: 1, mode: 'READWRITE' },
      { context: '.team-a', subjects: 1, versions: 1, deletedVersions: 0, mode: 'READONLY' },
    ]);
    expect(info.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('uses only GET requests (never writes), and the default registry when none is named', async () => {
    recorder.requests.length = 0;
    const run = await srx('registry', 'info', 'rec');
    expect(run.exitCode).toBe(0);
    expect(recorder.requests.length).toBeGreaterThan(3);
    expect(new Set(recorder.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    const text = stripAnsi(run.stdout);
    expect(text).toMatch(/Compatibility\s+BACKWARD/);
    expect(text).toMatch(/IMPORT mode\s+unknown/);
    expect(text).toMatch(/\.team-a\s+1\s+1\s+0\s+READONLY/);
    expect((await srx('registry', 'info')).stdout).toMatch(/Registry\s+dev/);
  });

  it('says IMPORT is supported when a context is already in IMPORT mode', async () => {
    const seed = seeder(registry.url);
    await seed.register('x-value', avroRecord('X', ['id']), '.team-c');
    await seed.setMode(null, 'IMPORT', '.team-c');
    const info = (await srx('registry', 'info', 'dev', '--json')).json();
    await seed.setMode(null, 'READWRITE', '.team-c');
    expect(info.capabilities.importMode).toEqual({ status: 'yes', detail: 'in IMPORT mode now: .team-c' });
    expect(info.counts.contexts).toBe(3);
  });

  it('fails with exit 3 and a one-line error when the registry is unreachable', async () => {
    const run = await srx('registry', 'info', 'prod', '--json', '--timeout', '500');
    expect(run.exitCode).toBe(3);
    expect(run.json()).toMatchObject({ kind: 'error', error: { code: 'E_REGISTRY_UNREACHABLE', registry: 'prod' } });
    const text = await srx('registry', 'info', 'prod');
    expect(text.stderr.trim().split('\n')[0]).toMatch(/^error: prod: GET \/config → connection refused/);
  }, 60_000);

  it('refuses an unknown name with exit 2', async () => {
    const run = await srx('registry', 'info', 'nope');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/unknown registry "nope" \(configured: dev, rec, prod\)/);
  });

  it('accepts an ad-hoc URL', async () => {
    const run = await srx('registry', 'info', registry.url, '--json');
    expect(run.exitCode).toBe(0);
    expect(run.json().counts.subjects).toBeGreaterThanOrEqual(3);
  });
});

describe('srx registry test', () => {
  it('reports each registry and exits 3 when one fails', async () => {
    const run = await srx('registry', 'test', '--json');
    expect(run.exitCode).toBe(3);
    const byName = Object.fromEntries(run.json().registries.map((r: { name: string }) => [r.name, r]));
    expect(byName.dev).toMatchObject({ status: 'ok' });
    expect(byName.rec).toMatchObject({ status: 'ok' });
    expect(byName.prod).toMatchObject({ status: 'failed', reason: 'refused' });
  });

  it('exits 0 when every named registry is fine (each tested once)', async () => {
    const run = await srx('registry', 'test', 'dev', 'rec', 'dev');
    expect(run.exitCode).toBe(0);
    expect(stripAnsi(run.stdout)).toContain('2 registries: 2 ok, 0 failed');
  });
});

describe('srx registry use', () => {
  it('prints the default, stores a new one that later runs use, and overrides default_registry', async () => {
    expect((await srx('registry', 'use')).stdout).toBe('dev\n');
    const set = await srx('registry', 'use', 'rec');
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toContain('Default registry is now rec');
    expect(JSON.parse(readFileSync(join(dir, 'state', 'settings.json'), 'utf8'))).toEqual({ defaultRegistry: 'rec' });
    expect((await srx('registry', 'use', '--json')).json()).toMatchObject({
      kind: 'registry-default',
      defaultRegistry: 'rec',
      source: 'state',
      changed: false,
    });
    expect((await srx('registry', 'list', '--json')).json()).toMatchObject({ defaultRegistry: 'rec', defaultSource: 'state' });
    expect(stripAnsi((await srx('registry', 'info')).stdout)).toMatch(/Registry\s+rec/);
    // --state-dir takes precedence over SRX_STATE_DIR: a fresh one has no stored choice
    expect((await srx('registry', 'use', '--state-dir', join(dir, 'other'))).stdout).toBe('dev\n');
    await srx('registry', 'use', 'dev');
  });

  it('refuses an unknown name with exit 2 and keeps the stored default', async () => {
    const run = await srx('registry', 'use', 'nope');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/unknown registry "nope"/);
    expect((await srx('registry', 'use')).stdout).toBe('dev\n');
  });

  it('warns when the stored default is no longer configured, and falls back', async () => {
    writeFileSync(join(dir, 'state', 'settings.json'), JSON.stringify({ defaultRegistry: 'gone' }));
    const run = await srx('registry', 'list', '--json');
    expect(run.json().defaultRegistry).toBe('dev');
    expect(run.stderr).toMatch(/"gone"\) is no longer configured/);
    await srx('registry', 'use', 'dev');
  });

  it('prints nothing on stdout when there is no default', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'srx-nodefault-'));
    const run = await runCli(['registry', 'use'], {
      env: { REGISTRIES: `a:${registry.url},b:${registry.url}`, SRX_STATE_DIR: join(empty, 'state') },
      cwd: empty,
    });
    rmSync(empty, { recursive: true, force: true });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no default registry/);
  });
});
