import { RefusedError } from '../errors.js';
import { formatInterval } from './interval.js';
import { jobLockKey, type SyncJobStore } from './job-store.js';
import { isProcessAlive, processStartTime } from './process-info.js';
import { runSyncLoop, type SyncRunner } from './sync-loop.js';
import type { SyncJobDefinition, SyncRunRecord, SyncWorkerState } from './types.js';

const HEARTBEAT_MS = 5_000;
/** A job whose worker has not reported yet counts as starting for this long after creation. */
const STARTING_GRACE_MS = 30_000;

/** Options of runSyncJob. */
export interface SyncJobRunOptions {
  readonly store: SyncJobStore;
  readonly job: SyncJobDefinition;
  readonly runOnce: SyncRunner;
  /** Aborted on SIGTERM/SIGINT: the current run stops cleanly and the job ends `stopped`. */
  readonly signal: AbortSignal;
  /** One log line (worker.log or stderr); never given secrets. */
  readonly log: (line: string) => void;
  readonly maxRuns?: number;
  /** Told when a run starts and ends (the sync service's metrics). */
  readonly onRunStart?: (run: number) => void;
  readonly onRunEnd?: (record: SyncRunRecord) => void;
}

/** True while job `id` has a live worker (or was created moments ago and its worker is starting). */
export function isJobActive(store: SyncJobStore, id: string, now = Date.now()): boolean {
  const state = store.readState(id);
  if (!state) {
    const spawned = store.readSpawn(id);
    if (spawned) return isProcessAlive(spawned.pid, spawned.processStart);
    try {
      return now - Date.parse(store.read(id).createdAt) < STARTING_GRACE_MS;
    } catch {
      return false;
    }
  }
  return state.phase !== 'stopped' && isProcessAlive(state.pid, state.processStart);
}

/**
 * Runs job `job` in this process until `signal` aborts: holds the job's lock, records state,
 * heartbeat and every run in the store. Ends with state `stopped` and the lock released.
 */
export async function runSyncJob(options: SyncJobRunOptions): Promise<SyncRunRecord[]> {
  const { store, job, log } = options;
  const key = jobLockKey(job);
  const holder = store.acquireLock(key, job.id, (other) => other !== job.id && isJobActive(store, other));
  if (holder) throw duplicateJobError(holder, job);
  const running = store.readState(job.id);
  if (running && running.phase !== 'stopped' && running.pid !== process.pid && isProcessAlive(running.pid, running.processStart)) {
    throw new RefusedError('E_SYNC_DUPLICATE', `sync job ${job.id} is already running (pid ${running.pid})`);
  }
  let state: SyncWorkerState = { pid: process.pid, processStart: processStartTime(process.pid), phase: 'running', startedAt: new Date().toISOString() };
  const save = (patch: Partial<SyncWorkerState>) => {
    state = { ...state, ...patch, heartbeatAt: new Date().toISOString() };
    store.writeState(job.id, state);
  };
  save({});
  const heartbeat = setInterval(() => save({}), HEARTBEAT_MS);
  heartbeat.unref();
  const onAbort = () => {
    log(`stopping (${String(options.signal.reason ?? 'signal')}): finishing the current run cleanly`);
    save({ phase: 'stopping' });
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  log(`job ${job.id} started (pid ${process.pid}): ${job.source} → ${job.target}, ${job.direction}, every ${formatInterval(job.intervalMs)}`);
  try {
    return await runSyncLoop({
      intervalMs: job.intervalMs,
      runOnce: options.runOnce,
      signal: options.signal,
      maxRuns: options.maxRuns,
      firstRun: store.lastRunNumber(job.id) + 1,
      onRunStart: (run, at) => {
        save({ runningSince: at.toISOString(), nextRunAt: undefined });
        options.onRunStart?.(run);
      },
      onRunEnd: (record) => {
        store.appendRun(job.id, record);
        save({ runningSince: undefined });
        log(describeRun(record));
        options.onRunEnd?.(record);
      },
      onWait: (next) => save({ nextRunAt: next.toISOString() }),
    });
  } finally {
    clearInterval(heartbeat);
    options.signal.removeEventListener('abort', onAbort);
    save({
      phase: 'stopped',
      stoppedAt: new Date().toISOString(),
      stopReason: options.signal.aborted ? 'signal' : 'finished',
      runningSince: undefined,
      nextRunAt: undefined,
    });
    store.releaseLock(key, job.id);
    log(`job ${job.id} stopped`);
  }
}

/** The refusal for a second job on the same source, target and scope. */
export function duplicateJobError(holder: string, job: Pick<SyncJobDefinition, 'source' | 'target'>): RefusedError {
  return new RefusedError(
    'E_SYNC_DUPLICATE',
    `sync job ${holder} already syncs ${job.source} → ${job.target} with this scope`,
    `stop it first: srx sync stop ${holder}`,
  );
}

/** One log line for a finished run. */
export function describeRun(record: SyncRunRecord): string {
  const counts = `${record.copied} copied, ${record.deleted} deleted, ${record.conflicts} conflicts, ${record.errors} errors`;
  if (record.unchanged)
    return `run ${record.run} ${record.status} in ${record.durationMs} ms: unchanged (both listings as after the last clean run; nothing else read)`;
  const ids = record.migrationIds.length ? ` [${record.migrationIds.join(', ')}]` : '';
  return `run ${record.run} ${record.status} in ${record.durationMs} ms: ${counts}${ids}${record.error ? `: ${record.error}` : ''}`;
}
