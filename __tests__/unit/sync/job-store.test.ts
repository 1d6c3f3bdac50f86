import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { jobLockKey, newSyncJobId, SyncJobStore } from '../../../src/core/sync/job-store.js';
import { describeJob } from '../../../src/core/sync/job-status.js';
import { runSyncJob } from '../../../src/core/sync/run-sync-job.js';
import { stopSyncJob } from '../../../src/core/sync/stop-job.js';
import { processStartTime } from '../../../src/core/sync/process-info.js';
import { RefusedError, UsageError } from '../../../src/core/errors.js';
import type { SyncJobDefinition, SyncRunOutcome } from '../../../src/core/sync/types.js';

function aJob(overrides: Partial<SyncJobDefinition> = {}): SyncJobDefinition {
  return {
    id: newSyncJobId(),
    source: 'dev',
    target: 'prod',
    scope: { kind: 'registry' },
    direction: 'source-to-target',
    intervalMs: 1_000,
    policy: { preserveIds: true, versions: 'all', includeDeleted: false, withReferences: true, copyConfig: true, forceImport: false, propagateDeletes: false },
    createdAt: new Date().toISOString(),
    cwd: '/',
    foreground: false,
    ...overrides,
  };
}

const ok: SyncRunOutcome = { status: 'completed', migrationIds: ['mig-1'], copied: 2, deleted: 0, conflicts: 0, errors: 0 };
const failed: SyncRunOutcome = { status: 'failed', migrationIds: [], copied: 0, deleted: 0, conflicts: 0, errors: 1, error: 'dev: GET /subjects → 503' };

describe('sync job store, runner and status', () => {
  let dir: string;
  let store: SyncJobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'srx-sync-'));
    store = new SyncJobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores definitions without secrets and lists them', () => {
    const job = aJob();
    store.create(job);
    expect(store.read(job.id)).toEqual(job);
    expect(store.list().map((j) => j.id)).toEqual([job.id]);
    expect(readFileSync(join(dir, 'sync', job.id, 'job.json'), 'utf8')).not.toMatch(/password|token/i);
    expect(() => store.read('sync-nope')).toThrow(UsageError);
    expect(() => store.read('../etc')).toThrow(UsageError);
  });

  // Issue 16: a failed run's error may quote a registry's echo of the credentials: masked before runs.jsonl.
  it('masks known secrets in run records before writing runs.jsonl (0600 in a 0700 folder)', async () => {
    const masking = new SyncJobStore(dir, { redact: (text) => text.split('s3cret-T0ken').join('***') });
    const job = aJob();
    masking.create(job);
    const echo: SyncRunOutcome = { ...failed, error: 'dev: GET /subjects → 400: token s3cret-T0ken rejected' };
    await runSyncJob({ store: masking, job, runOnce: async () => echo, signal: new AbortController().signal, log: () => {}, maxRuns: 1 });
    const path = join(dir, 'sync', job.id, 'runs.jsonl');
    expect(readFileSync(path, 'utf8')).not.toContain('s3cret');
    expect(masking.readRuns(job.id)[0]!.error).toBe('dev: GET /subjects → 400: token *** rejected');
    const { statSync } = await import('node:fs');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'sync', job.id)).mode & 0o777).toBe(0o700);
  });

  it('runs a job: records every run, ends stopped with the lock released', async () => {
    const job = aJob();
    store.create(job);
    const outcomes = [failed, ok];
    const lines: string[] = [];
    const runs = await runSyncJob({
      store,
      job,
      runOnce: async () => outcomes.shift()!,
      signal: new AbortController().signal,
      log: (l) => lines.push(l),
      maxRuns: 2,
    });
    expect(runs.map((r) => r.status)).toEqual(['failed', 'completed']);
    expect(store.readRuns(job.id).map((r) => r.run)).toEqual([1, 2]);
    const status = describeJob(store, job);
    expect(status).toMatchObject({ state: 'stopped', runs: 2, failedRuns: 1, nextRunAt: null, pid: process.pid });
    expect(status.lastRun).toMatchObject({ status: 'completed', copied: 2, migrationIds: ['mig-1'] });
    expect(lines.join('\n')).toMatch(/run 1 failed .*503/);
    expect(store.acquireLock(jobLockKey(job), 'sync-other', () => true)).toBeUndefined();
  });

  it('continues run numbering across restarts and ignores a torn last line', async () => {
    const job = aJob();
    store.create(job);
    await runSyncJob({ store, job, runOnce: async () => ok, signal: new AbortController().signal, log: () => {}, maxRuns: 1 });
    appendFileSync(join(store.dir(job.id), 'runs.jsonl'), '{"run": 2, "sta');
    await runSyncJob({ store, job, runOnce: async () => ok, signal: new AbortController().signal, log: () => {}, maxRuns: 1 });
    expect(store.readRuns(job.id).map((r) => r.run)).toEqual([1, 2]);
  });

  it('is running while its worker lives, failing when the last run failed', async () => {
    const job = aJob();
    store.create(job);
    const controller = new AbortController();
    const states: string[] = [];
    const outcomes = [ok, failed];
    await runSyncJob({
      store,
      job,
      signal: controller.signal,
      log: () => {},
      runOnce: async () => {
        states.push(describeJob(store, job).state);
        const next = outcomes.shift();
        if (!next) controller.abort('SIGTERM');
        return next ?? ok;
      },
    });
    expect(states).toEqual(['running', 'running', 'failing']);
    expect(describeJob(store, job).state).toBe('stopped');
  });

  it('refuses a second job on the same source, target and scope while the first runs', async () => {
    const first = aJob();
    const second = aJob({ direction: 'bidirectional' });
    const other = aJob({ scope: { kind: 'context', context: '.team-a' } });
    store.create(first);
    store.create(second);
    store.create(other);
    const controller = new AbortController();
    let refusal: unknown;
    let otherRuns = 0;
    let sameJobTwice: unknown;
    await runSyncJob({
      store,
      job: first,
      signal: controller.signal,
      log: () => {},
      runOnce: async () => {
        store.writeState(first.id, { ...store.readState(first.id)!, pid: process.ppid, processStart: processStartTime(process.ppid) });
        sameJobTwice = await runSyncJob({ store, job: first, signal: controller.signal, log: () => {}, runOnce: async () => ok, maxRuns: 1 }).catch((e) => e);
        store.writeState(first.id, { ...store.readState(first.id)!, pid: process.pid, processStart: processStartTime(process.pid) });
        refusal = await runSyncJob({ store, job: second, signal: controller.signal, log: () => {}, runOnce: async () => ok, maxRuns: 1 }).catch((e) => e);
        otherRuns = (await runSyncJob({ store, job: other, signal: new AbortController().signal, log: () => {}, runOnce: async () => ok, maxRuns: 1 })).length;
        controller.abort();
        return ok;
      },
    });
    expect(refusal).toBeInstanceOf(RefusedError);
    expect((refusal as Error).message).toContain(first.id);
    expect(sameJobTwice).toBeInstanceOf(RefusedError);
    expect(otherRuns).toBe(1);
  });

  it('reports dead when the worker process is gone without stopping, and stop cleans it up', async () => {
    const job = aJob({ createdAt: new Date(Date.now() - 3_600_000).toISOString() });
    store.create(job);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    store.writeState(job.id, { pid: child.pid!, processStart: processStartTime(child.pid!), phase: 'running', startedAt: new Date().toISOString() });
    expect(describeJob(store, job).state).toBe('running');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(describeJob(store, job).state).toBe('dead');
    const stop = await stopSyncJob(store, job.id, { timeoutMs: 5_000 });
    expect(stop.outcome).toBe('was-dead');
    expect(describeJob(store, job).state).toBe('stopped');
    expect((await stopSyncJob(store, job.id, { timeoutMs: 5_000 })).outcome).toBe('already-stopped');
  });

  it('a lock held by a job whose worker is gone is taken over', async () => {
    const dead = aJob({ createdAt: new Date(Date.now() - 3_600_000).toISOString() });
    const next = aJob();
    store.create(dead);
    store.create(next);
    store.writeState(dead.id, { pid: 999_999_999, phase: 'running', startedAt: dead.createdAt });
    expect(store.acquireLock(jobLockKey(dead), dead.id, () => true)).toBeUndefined();
    const runs = await runSyncJob({ store, job: next, runOnce: async () => ok, signal: new AbortController().signal, log: () => {}, maxRuns: 1 });
    expect(runs).toHaveLength(1);
    expect(describeJob(store, dead).state).toBe('dead');
  });

  it('a job never started and long gone is dead', () => {
    const job = aJob({ createdAt: new Date(Date.now() - 3_600_000).toISOString() });
    store.create(job);
    expect(describeJob(store, job).state).toBe('dead');
  });
});
