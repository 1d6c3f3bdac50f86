// Retries through the fault proxy: a 429 with Retry-After then success, 5xx storms, dropped connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistry, type RegistryServer } from '../../support/registry-server.js';
import { runCli } from '../../support/run-cli.js';
import { avroRecord, seeder } from '../../support/seed.js';

let registry: RegistryServer;
let proxy: FaultProxy;
let dir: string;

beforeAll(async () => {
  registry = await startRegistry();
  await seeder(registry.url).register('orders-value', avroRecord('Order', ['id']));
  proxy = await startProxy({ target: registry.url });
  dir = mkdtempSync(join(tmpdir(), 'srx-retries-'));
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  proxy.configure({ rules: [], status5xxRate: 0, dropRate: 0 });
  proxy.requests.length = 0;
});

const info = (...args: string[]) =>
  runCli(['registry', 'info', 'flaky', '--json', ...args], { env: { REGISTRIES: `flaky:${proxy.url}`, SRX_STATE_DIR: join(dir, 'state') }, cwd: dir });
const count = (path: string) => proxy.requests.filter((r) => r.path === path).length;

describe('retries (srx registry info)', () => {
  it('waits as Retry-After says after a 429, then succeeds', async () => {
    proxy.configure({ rules: [{ path: '/config', times: 1, status: 429, headers: { 'retry-after': '1' } }] });
    const started = Date.now();
    const run = await info('--verbose');
    expect(run.exitCode).toBe(0);
    expect(run.json().counts.subjects).toBe(1);
    expect(count('/config')).toBe(2);
    expect(run.stderr).toMatch(/retry 1 in 1000 ms: flaky: GET \/config → 429/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // the wait happened (a lower bound, not a speed claim)
  });

  it('retries 503s and dropped connections, then succeeds', async () => {
    proxy.configure({
      rules: [
        { path: '/config', times: 2, status: 503 },
        { path: '/contexts', times: 1, drop: true },
      ],
    });
    const run = await info();
    expect(run.exitCode).toBe(0);
    expect(count('/config')).toBe(3);
    expect(count('/contexts')).toBeGreaterThanOrEqual(2);
    expect(run.json().capabilities.contexts.status).toBe('yes');
  });

  it('gives up after the retries in a 5xx storm: exit 3, one JSON error', async () => {
    proxy.configure({ status5xxRate: 1, seed: 7 });
    const run = await info();
    expect(run.exitCode).toBe(3);
    expect(run.json()).toMatchObject({ kind: 'error', error: { code: 'E_REGISTRY_HTTP', registry: 'flaky', status: 503 } });
    expect(count('/config')).toBe(6); // the first try and 5 retries
  }, 60_000);

  it('does not retry a 401 or a 4xx registry error', async () => {
    proxy.configure({ rules: [{ path: '/config', status: 401, body: 'Unauthorized' }] });
    const run = await info();
    expect(run.exitCode).toBe(3);
    expect(run.json().error.code).toBe('E_REGISTRY_AUTH');
    expect(count('/config')).toBe(1);
  });

  it('registry test never retries', async () => {
    proxy.configure({ rules: [{ path: '/subjects', status: 429, headers: { 'retry-after': '1' } }] });
    const run = await runCli(['registry', 'test', '--json'], { env: { REGISTRIES: `flaky:${proxy.url}` }, cwd: dir });
    expect(run.exitCode).toBe(3);
    expect(run.json().registries[0]).toMatchObject({ status: 'failed', reason: 'http-error', httpStatus: 429 });
    expect(count('/subjects')).toBe(1);
  });
});
