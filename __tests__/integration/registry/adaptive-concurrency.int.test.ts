// Adaptive concurrency of reads against a real AxonOps registry behind the fault proxy: a run of 429s on
// the subject config reads makes srx back off (said by --verbose), a clean run stays at the cap.
// No timed assertions: only what srx reports and what the proxy counted.
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
  const seed = seeder(registry.url);
  for (let i = 0; i < 40; i++) await seed.register(`orders-${i}-value`, avroRecord(`Order${i}`, ['id']));
  proxy = await startProxy({ target: registry.url });
  dir = mkdtempSync(join(tmpdir(), 'srx-adaptive-'));
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  proxy.configure({ rules: [] });
  proxy.requests.length = 0;
});

const compare = () =>
  runCli(['compare', 'busy', 'direct', '--verbose', '--concurrency', '8', '--json'], {
    env: { REGISTRIES: `busy:${proxy.url},direct:${registry.url}`, SRX_STATE_DIR: join(dir, 'state') },
    cwd: dir,
  });

describe('adaptive concurrency of reads (srx compare --verbose)', () => {
  it('stays at the cap the user set when the registry copes', async () => {
    const run = await compare();
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/^busy: reads settled at 8 in flight \(cap 8\)$/m);
    expect(run.stderr).toMatch(/^direct: reads settled at 8 in flight \(cap 8\)$/m);
  });

  it('backs off when the registry answers 429, retries, and still compares everything', async () => {
    proxy.configure({ rules: [{ method: 'GET', path: /^\/config\/orders-/, times: 12, status: 429, headers: { 'retry-after': '0' } }] });
    const run = await compare();
    expect(run.exitCode).toBe(0);
    expect(run.json().summary).toMatchObject({ differingSubjects: 0 });
    const settled = /^busy: reads settled at (\d+) in flight \(cap 8; backed off (\d+) times?, lowest (\d+)\)$/m.exec(run.stderr);
    expect(settled).not.toBeNull();
    expect(Number(settled![2])).toBeGreaterThanOrEqual(1);
    expect(Number(settled![3])).toBeLessThanOrEqual(4);
    expect(proxy.requests.filter((r) => r.path.startsWith('/config/orders-')).length).toBe(40 + 12); // each 429 retried once
    expect(run.stderr).toMatch(/^direct: reads settled at 8 in flight \(cap 8\)$/m);
  });
});
