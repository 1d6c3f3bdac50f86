import { formatInterval } from './interval.js';
import type { SyncJobStore } from './job-store.js';
import { isJobActive } from './run-sync-job.js';
import type { SyncDirection, SyncJobDefinition, SyncJobState, SyncRunRecord, SyncScope } from './types.js';

/** A job as `srx sync status` shows it (JSON item of kind "sync-status"). */
export interface SyncJobStatus {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly scope: string;
  readonly direction: SyncDirection;
  readonly interval: string;
  readonly intervalMs: number;
  readonly state: SyncJobState;
  readonly foreground: boolean;
  readonly pid: number | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  readonly heartbeatAt: string | null;
  /** A run in progress started at this time; null when idle. */
  readonly runningSince: string | null;
  readonly runs: number;
  readonly failedRuns: number;
  readonly lastRun: SyncRunRecord | null;
  /** Null when stopped, dead or running now. */
  readonly nextRunAt: string | null;
  readonly logPath: string;
  /** The newest runs (status <id> only). */
  readonly recentRuns?: readonly SyncRunRecord[];
}

/** `registry`, `registry (contexts .a,.b)`, `context:.x`, `subject:name` / `subject::.x:name`. */
export function formatScope(scope: SyncScope): string {
  if (scope.kind === 'registry') return scope.contexts?.length ? `registry (contexts ${scope.contexts.join(',')})` : 'registry';
  if (scope.kind === 'context') return `context:${scope.context}`;
  return `subject:${scope.context === '.' ? '' : `:${scope.context}:`}${scope.subject}`;
}

/**
 * The state of a job: stopped (stopped cleanly), dead (worker gone without stopping),
 * failing (worker alive, last run failed), running. Reads the store only.
 */
export function describeJob(store: SyncJobStore, job: SyncJobDefinition, options: { recentRuns?: number } = {}): SyncJobStatus {
  const worker = store.readState(job.id);
  const runs = store.readRuns(job.id);
  const lastRun = runs.at(-1) ?? null;
  const state = jobState(store, job, lastRun);
  const live = state === 'running' || state === 'failing';
  return {
    id: job.id,
    source: job.source,
    target: job.target,
    scope: formatScope(job.scope),
    direction: job.direction,
    interval: formatInterval(job.intervalMs),
    intervalMs: job.intervalMs,
    state,
    foreground: job.foreground,
    pid: worker?.pid ?? store.readSpawn(job.id)?.pid ?? null,
    createdAt: job.createdAt,
    startedAt: worker?.startedAt ?? null,
    stoppedAt: worker?.stoppedAt ?? null,
    heartbeatAt: worker?.heartbeatAt ?? null,
    runningSince: live ? (worker?.runningSince ?? null) : null,
    runs: runs.length,
    failedRuns: runs.filter(isFailure).length,
    lastRun,
    nextRunAt: live && !worker?.runningSince ? (worker?.nextRunAt ?? null) : null,
    logPath: store.logPath(job.id),
    ...(options.recentRuns ? { recentRuns: runs.slice(-options.recentRuns) } : {}),
  };
}

function jobState(store: SyncJobStore, job: SyncJobDefinition, lastRun: SyncRunRecord | null): SyncJobState {
  const worker = store.readState(job.id);
  if (worker?.phase === 'stopped') return 'stopped';
  if (!isJobActive(store, job.id)) return 'dead';
  return lastRun && isFailure(lastRun) ? 'failing' : 'running';
}

function isFailure(run: SyncRunRecord): boolean {
  return run.status === 'failed' || run.status === 'partial';
}
