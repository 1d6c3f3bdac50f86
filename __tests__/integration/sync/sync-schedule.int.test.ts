import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistries } from '../../support/registry-server.js';
import { avroRecord, seeder } from '../../support/seed.js';
import { runCli } from '../../support/run-cli.js';
import { startProxy, type FaultProxy } from '../../../scripts/lib/fault-proxy.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'srx.js');
const PASSWORD = 'sync-s3cret-pw';

/** Polls `probe` until it returns a truthy value (generous deadline; no timing assertion). */
async function until<T>(what: string, probe: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

// jest ignores testTimeout inside `projects`, so each test states its own (generous) limit.
const TEST_TIMEOUT = 120_000;
const HOOK_TIMEOUT = 60_000;

describe('srx sync schedule (real registries, real worker processes)', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'dev' | 'prod'>>>;
  let proxy: FaultProxy;
  let authProxy: FaultProxy;
  let slowProxy: FaultProxy;
  let stateDir: string;
  let env: Record<string, string>;
  const pids = new Set<number>();
  const children: ChildProcess[] = [];
  const dev = () => seeder(servers.dev.url);
  const prod = () => seeder(servers.prod.url);
  const status = async (id: string) => {
    const run = await runCli(['sync', 'status', id, '--runs', '1000', '--json'], { env });
    expect(run.exitCode).toBe(0);
    return run.json().jobs[0];
  };

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first: the sync worker runs dist/');
    servers = await startRegistries(['dev', 'prod']);
    proxy = await startProxy({ target: servers.dev.url });
    authProxy = await startProxy({ target: servers.dev.url, basicAuth: { user: 'sync-user', password: PASSWORD } });
    slowProxy = await startProxy({ target: servers.prod.url });
    stateDir = mkdtempSync(join(tmpdir(), 'srx-sync-int-'));
    env = {
      REGISTRIES: `dev:${proxy.url},prod:${servers.prod.url},devauth:${authProxy.url}:sync-user:${PASSWORD},prodslow:${slowProxy.url}`,
      SRX_STATE_DIR: stateDir,
    };
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const child of children) child.kill('SIGKILL');
    await proxy?.stop();
    await authProxy?.stop();
    await slowProxy?.stop();
    await servers?.stopAll();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }, HOOK_TIMEOUT);

  let jobId = '';
  let workerPid = 0;

  it(
    'schedules a background job, prints its id at once, and the target follows the source',
    async () => {
      await dev().register('orders-value', avroRecord('Order', ['id']));
      await dev().register('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]));
      await dev().register('payments-value', avroRecord('Payment', ['id']));

      const run = await runCli(['sync', 'schedule', 'dev', 'prod', '--interval', '1s', '--propagate-deletes', '--json'], { env });
      expect(run.exitCode).toBe(0);
      const job = run.json();
      expect(job).toMatchObject({
        kind: 'sync-job',
        source: 'dev',
        target: 'prod',
        scope: 'registry',
        direction: 'source-to-target',
        interval: '1s',
        state: 'running',
      });
      jobId = job.id;
      workerPid = job.pid;
      pids.add(workerPid);
      expect(alive(workerPid)).toBe(true);

      await until(
        'prod to hold both subjects',
        async () => (await prod().versions('orders-value')).length === 2 && (await prod().versions('payments-value')).length === 1,
      );
      expect((await prod().version('orders-value', 2)).id).toBe((await dev().version('orders-value', 2)).id);

      const jobFile = readFileSync(join(stateDir, 'sync', jobId, 'job.json'), 'utf8');
      expect(JSON.parse(jobFile)).toMatchObject({ source: 'dev', target: 'prod' });
      expect(jobFile).not.toContain(proxy.url);
    },
    TEST_TIMEOUT,
  );

  it(
    'follows new versions, a new subject and a soft delete (--propagate-deletes)',
    async () => {
      await dev().register(
        'orders-value',
        avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }, { name: 'qty', type: 'int', default: 0 }]),
      );
      await dev().register('customers-value', avroRecord('Customer', ['id']));
      await dev().softDelete('payments-value', 1);
      await until(
        'prod to follow',
        async () =>
          (await prod().versions('orders-value')).length === 3 &&
          (await prod().versions('customers-value')).length === 1 &&
          (await prod().versions('payments-value')).length === 0,
      );
      expect(await prod().versions('payments-value', '.', true)).toEqual([1]);
      expect(await prod().getMode('orders-value')).not.toBe('IMPORT');
    },
    TEST_TIMEOUT,
  );

  it(
    'status shows the job running and its runs, each journaled as a migration',
    async () => {
      const job = await until('a completed run', async () => {
        const s = await status(jobId);
        return s.runs >= 2 && s.lastRun?.status === 'completed' ? s : undefined;
      });
      expect(job).toMatchObject({ id: jobId, state: 'running', pid: workerPid, source: 'dev', target: 'prod', interval: '1s' });
      expect(job.recentRuns.length).toBeGreaterThanOrEqual(2);
      const copied = job.recentRuns.reduce((n: number, r: { copied: number }) => n + r.copied, 0);
      expect(copied).toBeGreaterThanOrEqual(5);
      const withMigration = job.recentRuns.find((r: { migrationIds: string[]; copied: number }) => r.migrationIds.length > 0 && r.copied > 0);
      const migration = await runCli(['migrate', 'status', withMigration.migrationIds[0], '--json'], { env });
      expect(migration.exitCode).toBe(0);
      expect(migration.json()).toMatchObject({ kind: 'migration-status', id: withMigration.migrationIds[0], migrationKind: 'sync', status: 'completed' });

      const table = await runCli(['sync', 'status'], { env });
      expect(table.stdout).toContain(jobId);
      expect(table.stdout).toMatch(/running/);
    },
    TEST_TIMEOUT,
  );

  it(
    'refuses a second schedule for the same source, target and scope while one runs',
    async () => {
      const run = await runCli(['sync', 'schedule', 'dev', 'prod', '--interval', '5s', '--json'], { env });
      expect(run.exitCode).toBe(2);
      expect(run.json().error.message).toContain(jobId);
    },
    TEST_TIMEOUT,
  );

  it(
    'keeps going when the source goes down (runs fail, state failing), then recovers',
    async () => {
      const before = (await status(jobId)).runs;
      proxy.configure({ rules: [{ status: 503, body: '{"error_code":50301,"message":"down"}' }] });
      const failing = await until('the job to be failing', async () => {
        const s = await status(jobId);
        return s.state === 'failing' && s.runs > before ? s : undefined;
      });
      expect(failing.lastRun.status).toBe('failed');
      expect(failing.lastRun.error).toBeTruthy();
      expect(alive(workerPid)).toBe(true);

      proxy.configure({ rules: [] });
      await dev().register('refunds-value', avroRecord('Refund', ['id']));
      await until('the job to recover and copy the new subject', async () => (await prod().versions('refunds-value')).length === 1);
      const s = await until('a completed run after recovery', async () => {
        const now = await status(jobId);
        return now.state === 'running' && now.lastRun.status === 'completed' ? now : undefined;
      });
      expect(s.failedRuns).toBeGreaterThanOrEqual(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'stop waits until the worker has exited; state stopped',
    async () => {
      const run = await runCli(['sync', 'stop', jobId, '--json'], { env });
      expect(run.exitCode).toBe(0);
      expect(run.json().jobs).toEqual([expect.objectContaining({ id: jobId, outcome: 'stopped', state: 'stopped' })]);
      expect(alive(workerPid)).toBe(false);
      expect((await status(jobId)).state).toBe('stopped');
      expect(readFileSync(join(stateDir, 'sync', jobId, 'worker.log'), 'utf8')).toMatch(/stopped/);
      expect(await prod().getMode('orders-value')).not.toBe('IMPORT');
    },
    TEST_TIMEOUT,
  );

  it(
    'a worker killed with SIGKILL shows as dead; stop cleans it up',
    async () => {
      await dev().register('ctx-value', avroRecord('Ctx', ['id']), '.team-a');
      const run = await runCli(['sync', 'schedule', 'dev', 'prod', '--scope', 'context:.team-a', '--interval', '1s', '--json'], { env });
      expect(run.exitCode).toBe(0);
      const { id, pid } = run.json();
      pids.add(pid);
      await until('the context to be synced', async () => (await prod().versions('ctx-value', '.team-a')).length === 1);
      process.kill(pid, 'SIGKILL');
      await until('the worker to be gone', () => !alive(pid));
      expect((await status(id)).state).toBe('dead');
      const table = await runCli(['sync', 'status', id], { env });
      expect(table.stdout).toMatch(/dead/);
      const stop = await runCli(['sync', 'stop', '--all', '--json'], { env });
      expect(stop.exitCode).toBe(0);
      expect(stop.json().jobs).toEqual([expect.objectContaining({ id, outcome: 'was-dead', state: 'stopped' })]);
    },
    TEST_TIMEOUT,
  );

  it(
    '--foreground runs in the terminal until SIGTERM, then exits with state stopped',
    async () => {
      await dev().register('fg-value', avroRecord('Fg', ['id']), '.fg');
      const child = spawn(process.execPath, [BIN, 'sync', 'schedule', 'dev', 'prod', '--scope', 'context:.fg', '--interval', '1s', '--foreground', '--json'], {
        env: { PATH: process.env.PATH, HOME: stateDir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await until('the foreground job to sync', async () => (await prod().versions('fg-value', '.fg')).length === 1);
      await until('a recorded run', async () => {
        const list = (await runCli(['sync', 'status', '--json'], { env })).json().jobs;
        return list.find((j: { scope: string; runs: number; foreground: boolean }) => j.scope === 'context:.fg' && j.foreground && j.runs >= 1);
      });
      child.kill('SIGTERM');
      const code = await exited;
      expect({ code, stderr }).toMatchObject({ code: 0 });
      const result = JSON.parse(stdout);
      expect(result.kind).toBe('sync-status');
      expect(result.jobs[0]).toMatchObject({ state: 'stopped', foreground: true });
      expect((await status(result.jobs[0].id)).state).toBe('stopped');
      expect(stderr).toMatch(/run 1 completed/);
    },
    TEST_TIMEOUT,
  );

  it(
    'a worker re-reads credentials from the configuration; no secret reaches the job files or logs',
    async () => {
      await dev().register('auth-value', avroRecord('Auth', ['id']), '.auth');
      const run = await runCli(['sync', 'schedule', 'devauth', 'prod', '--scope', 'context:.auth', '--interval', '1s', '--json'], { env });
      expect(run.exitCode).toBe(0);
      const { id, pid } = run.json();
      pids.add(pid);
      await until('the authenticated source to be synced', async () => (await prod().versions('auth-value', '.auth')).length === 1);
      expect((await runCli(['sync', 'stop', id], { env })).exitCode).toBe(0);
      const files = readdirSync(join(stateDir, 'sync', id)).map((f) => readFileSync(join(stateDir, 'sync', id, f), 'utf8'));
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const text of files) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(Buffer.from(`sync-user:${PASSWORD}`).toString('base64'));
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'stop during a run ends it cleanly: every IMPORT mode it set is restored',
    async () => {
      for (let i = 0; i < 8; i += 1) await dev().register(`slow-${i}-value`, avroRecord(`Slow${i}`, ['id']), '.slow');
      slowProxy.configure({ latencyMs: 250 });
      const run = await runCli(['sync', 'schedule', 'dev', 'prodslow', '--scope', 'context:.slow', '--interval', '1s', '--concurrency', '1', '--json'], {
        env,
      });
      expect(run.exitCode).toBe(0);
      const { id, pid } = run.json();
      pids.add(pid);
      const importing = async () => {
        if ((await prod().getMode(null, '.slow')) === 'IMPORT') return true;
        for (let i = 0; i < 8; i += 1) if ((await prod().getMode(`slow-${i}-value`, '.slow')) === 'IMPORT') return true;
        return false;
      };
      await until('the run to be writing (a target mode in IMPORT)', importing);
      const stop = await runCli(['sync', 'stop', id, '--json'], { env });
      expect(stop.exitCode).toBe(0);
      expect(alive(pid)).toBe(false);
      expect(await importing()).toBe(false);
      const job = await status(id);
      expect(job.state).toBe('stopped');
      expect(['interrupted', 'completed']).toContain(job.lastRun.status);
      slowProxy.configure({ latencyMs: 0 });
    },
    TEST_TIMEOUT,
  );

  it(
    'a bidirectional job copies both ways, counts the conflict and keeps running',
    async () => {
      await dev().importVersion('from-dev-value', avroRecord('FromDev', ['id']), 501, 1, '.bi');
      await prod().importVersion('from-prod-value', avroRecord('FromProd', ['id']), 601, 1, '.bi');
      await dev().importVersion('both-value', avroRecord('Both', ['id']), 502, 1, '.bi');
      await prod().importVersion('both-value', avroRecord('Both', ['other']), 602, 1, '.bi');
      const run = await runCli(['sync', 'schedule', 'dev', 'prod', '--scope', 'context:.bi', '--direction', 'bidirectional', '--interval', '1s', '--json'], {
        env,
      });
      expect(run.exitCode).toBe(0);
      const { id, pid } = run.json();
      pids.add(pid);
      await until(
        'both sides to hold both subjects',
        async () => (await prod().versions('from-dev-value', '.bi')).length === 1 && (await dev().versions('from-prod-value', '.bi')).length === 1,
      );
      const job = await until('a run that counted the conflict', async () => {
        const s = await status(id);
        return s.lastRun?.conflicts >= 1 ? s : undefined;
      });
      expect(job.state).toBe('running');
      expect(job.direction).toBe('bidirectional');
      expect((await dev().version('both-value', 1, '.bi')).id).toBe(502);
      expect((await prod().version('both-value', 1, '.bi')).id).toBe(602);
      expect(await dev().versions('both-value', '.bi')).toEqual([1]);
      expect(await prod().versions('both-value', '.bi')).toEqual([1]);
      expect((await runCli(['sync', 'stop', id], { env })).exitCode).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'refuses a bad interval and an ad-hoc URL with credentials (exit 2, nothing stored)',
    async () => {
      const bad = await runCli(['sync', 'schedule', 'dev', 'prod', '--interval', '5 minutes', '--json'], { env });
      expect(bad.exitCode).toBe(2);
      expect(bad.json().error.code).toBe('E_USAGE_INTERVAL');
      const secretUrl = servers.prod.url.replace('http://', 'http://user:s3cr3t-pass@');
      const secret = await runCli(['sync', 'schedule', 'dev', secretUrl, '--interval', '1m', '--json'], { env });
      expect(secret.exitCode).toBe(2);
      expect(secret.stdout).not.toContain('s3cr3t-pass');
      expect(secret.json().error.code).toBe('E_SYNC_SECRET_URL');
    },
    TEST_TIMEOUT,
  );
});
