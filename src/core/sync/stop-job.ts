import { RefusedError, SrxError, messageOf, errnoOf } from '../errors.js';
import { jobLockKey, type SyncJobStore } from './job-store.js';
import { isProcessAlive } from './process-info.js';
import { abortableSleep } from './sync-loop.js';

/** What stopping one job did. */
export interface SyncStopOutcome {
  readonly id: string;
  /** `stopped`: its worker exited; `already-stopped`; `was-dead`: no worker was running (state cleaned up). */
  readonly outcome: 'stopped' | 'already-stopped' | 'was-dead';
  readonly pid: number | null;
}

/**
 * Sends SIGTERM to the job's worker and waits until its process has exited (the current run
 * ends cleanly first), then makes sure the job's state is `stopped`.
 */
export async function stopSyncJob(
  store: SyncJobStore,
  id: string,
  options: { timeoutMs: number; pollMs?: number; signal?: AbortSignal },
): Promise<SyncStopOutcome> {
  const job = store.read(id);
  const state = store.readState(id);
  if (state?.phase === 'stopped') return { id, outcome: 'already-stopped', pid: state.pid };
  // A worker still starting has not written state.json yet: use the process `schedule` spawned.
  const spawned = store.readSpawn(id);
  const worker = state ?? (spawned ? { ...spawned, startedAt: job.createdAt, phase: 'starting' as const } : undefined);
  const pid = worker?.pid ?? null;
  const alive = worker !== undefined && isProcessAlive(worker.pid, worker.processStart);
  if (alive) {
    signalWorker(id, worker.pid);
    const deadline = Date.now() + options.timeoutMs;
    const never = new AbortController().signal;
    while (isProcessAlive(worker.pid, worker.processStart)) {
      if (options.signal?.aborted) throw new SrxError('E_INTERRUPTED', `stopped waiting for job ${id} (pid ${worker.pid}); it is still stopping`);
      if (Date.now() > deadline) {
        throw new SrxError(
          'E_SYNC_STOP_TIMEOUT',
          `job ${id} (pid ${worker.pid}) did not exit within ${Math.round(options.timeoutMs / 1000)}s`,
          `see ${store.logPath(id)}; run stop again to keep waiting`,
        );
      }
      await abortableSleep(options.pollMs ?? 100, options.signal ?? never);
    }
  }
  const after = store.readState(id);
  if (after?.phase !== 'stopped') {
    const now = new Date().toISOString();
    store.writeState(id, {
      pid: pid ?? 0,
      startedAt: after?.startedAt ?? job.createdAt,
      ...after,
      phase: 'stopped',
      stoppedAt: now,
      stopReason: alive ? 'stopped (worker exited without recording it)' : 'stopped (worker was not running)',
      runningSince: undefined,
      nextRunAt: undefined,
    });
  }
  store.releaseLock(jobLockKey(job), id);
  return { id, outcome: alive ? 'stopped' : 'was-dead', pid };
}

function signalWorker(id: string, pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ESRCH') return; // exited just now
    throw new RefusedError(
      'E_SYNC_STOP',
      `cannot signal the worker of job ${id} (pid ${pid}): ${code ?? messageOf(error)}`,
      'stop it as the user that started it',
    );
  }
}
