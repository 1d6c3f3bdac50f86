import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { REGISTRATION } from '../../support/reliability-helpers.js';
import { runCli } from '../../support/run-cli.js';

// Exit codes mean what the README says: 4 is "some steps applied, some failed". A migration whose every write
// failed wrote nothing: a registry that answered with a refusal (a 4xx with its error_code) is exit 2, one that
// cannot be reached or answers 5xx is exit 3. The target is a real AxonOps behind a fault-injecting proxy; a
// registration is refused at both of AxonOps' endpoints, one version (`…/versions`) and bulk (`/import/schemas`).
describe('a migration that wrote nothing is never "partial" (real AxonOps behind a fault proxy)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'src' | 'dst'>>>;
  let proxy: FaultProxy;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    servers = await startRegistries(['src', 'dst']);
    proxy = await startProxy({ target: servers.dst.url });
    dir = mkdtempSync(join(tmpdir(), 'srx-nothing-written-'));
    env = { REGISTRIES: `src:${servers.src.url},dst:${proxy.url}`, SRX_STATE_DIR: join(dir, 'state') };
    await seeder(servers.src.url).importVersion('a-value', avroRecord('A', ['id']), 301, 1);
    await seeder(servers.src.url).importVersion('b-value', avroRecord('B', ['id']), 302, 1);
  });

  afterAll(async () => {
    await proxy?.stop();
    await servers?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every registration refused (422, error_code 42201): status failed, exit 2, each step names the refusal', async () => {
    proxy.configure({
      rules: [
        {
          method: 'POST',
          path: REGISTRATION,
          status: 422,
          body: '{"error_code":42201,"message":"refused by the test"}',
          headers: { 'content-type': 'application/json' },
        },
      ],
    });
    try {
      const run = await runCli(['migrate', 'registry', 'src', 'dst', '--json'], { env });
      expect(run.json()).toMatchObject({ status: 'failed', summary: { registered: 0, failed: 2 } });
      expect(
        run
          .json()
          .steps.filter((s: { status: string }) => s.status === 'failed')
          .map((s: { error: { errorCode: number } }) => s.error.errorCode),
      ).toEqual([42201, 42201]);
      expect(run.exitCode).toBe(2);
    } finally {
      proxy.configure({ rules: [] });
    }
    expect(await seeder(servers.dst.url).call('GET', '/subjects')).toBeNull();
  }, 60_000);

  test('every registration answered 503 (after retries): status failed, exit 3', async () => {
    proxy.configure({
      rules: [{ method: 'POST', path: REGISTRATION, status: 503, headers: { 'retry-after': '0', 'content-type': 'text/html' }, body: '<html>503</html>' }],
    });
    try {
      const run = await runCli(['migrate', 'registry', 'src', 'dst', '--json'], { env });
      expect(run.json()).toMatchObject({ status: 'failed', summary: { registered: 0, failed: 2 } });
      expect(run.exitCode).toBe(3);
    } finally {
      proxy.configure({ rules: [] });
    }
  }, 120_000);

  test('a rollback that undid nothing (every delete refused) is "failed", exit 2, not "partial"; it can be run again', async () => {
    const migrated = await runCli(['migrate', 'registry', 'src', 'dst', '--json'], { env });
    expect(migrated.exitCode).toBe(0);
    proxy.configure({
      rules: [
        {
          method: 'DELETE',
          path: /\/versions\//,
          status: 422,
          body: '{"error_code":42206,"message":"still referenced (test)"}',
          headers: { 'content-type': 'application/json' },
        },
      ],
    });
    try {
      const rollback = await runCli(['migrate', 'rollback', migrated.json().id, '--yes', '--json'], { env });
      expect(rollback.json().status).toBe('failed');
      expect(rollback.json().actions.every((a: { status: string; errorCode?: number }) => a.status === 'failed' && a.errorCode === 42206)).toBe(true);
      expect(rollback.exitCode).toBe(2);
    } finally {
      proxy.configure({ rules: [] });
    }
    const again = await runCli(['migrate', 'rollback', migrated.json().id, '--yes', '--json'], { env });
    expect(again.json().status).toBe('rolled-back');
    expect(again.exitCode).toBe(0);
  }, 60_000);

  test('a one-shot sync whose every write is refused is "failed", exit 2 (was 3, "unreachable")', async () => {
    proxy.configure({
      rules: [
        {
          method: 'POST',
          path: REGISTRATION,
          status: 422,
          body: '{"error_code":42201,"message":"refused by the test"}',
          headers: { 'content-type': 'application/json' },
        },
      ],
    });
    try {
      const run = await runCli(['sync', 'registries', 'src', 'dst', '--json'], { env });
      expect(run.json()).toMatchObject({ status: 'failed' });
      expect(run.exitCode).toBe(2);
    } finally {
      proxy.configure({ rules: [] });
    }
  }, 60_000);
});
