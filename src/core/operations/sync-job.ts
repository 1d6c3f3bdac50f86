import { silentProgress } from '../progress.js';
import { runIncremental } from '../sync/incremental.js';
import type { SyncJobStore } from '../sync/job-store.js';
import { jobLockKey } from '../sync/job-store.js';
import { duplicateJobError, isJobActive } from '../sync/run-sync-job.js';
import { migrationPolicyOf, migrationScopeOf } from '../sync/scope.js';
import type { SyncRunner } from '../sync/sync-loop.js';
import type { SyncJobDefinition } from '../sync/types.js';
import type { SnapshotSource } from '../snapshot/types.js';
import { runSync, syncRunOutcome } from './sync.js';

// A scheduled sync job: stored and locked once, then run every interval (by the background worker,
// `sync schedule --foreground` or `sync serve`) as a one-shot sync with the job's settings.

/** Stores a new job and takes its lock; refused (and the job removed) when a live job already syncs the same pair and scope. */
export function registerSyncJob(store: SyncJobStore, job: SyncJobDefinition): void {
  store.create(job);
  const holder = store.acquireLock(jobLockKey(job), job.id, (other) => isJobActive(store, other));
  if (holder) {
    store.remove(job.id);
    throw duplicateJobError(holder, job);
  }
}

/** What each run of a job needs besides the job. */
export interface SyncJobRunnerOptions {
  readonly job: SyncJobDefinition;
  readonly store: SyncJobStore;
  /** The job's two sides, resolved when first needed and again after a failure to resolve (configuration may be fixed by then). */
  readonly sides: () => Promise<readonly [SnapshotSource, SnapshotSource]>;
  readonly stateDir: string;
  /** Masks known secrets in what the run journals. */
  readonly redact: (text: string) => string;
  /** Where a run's warnings go (the job's log). */
  readonly warn: (message: string) => void;
  readonly concurrency?: number;
}

/**
 * One run of a scheduled job: skipped as `unchanged` when neither side's listing changed since the last
 * clean run (a full run at least every FULL_RUN_EVERY runs), otherwise a one-shot sync that leaves
 * conflicting subjects out (they are reported, never copied).
 */
export function createSyncJobRunner(options: SyncJobRunnerOptions): SyncRunner {
  const { job, store } = options;
  let sides: Promise<readonly [SnapshotSource, SnapshotSource]> | undefined;
  return async (signal) => {
    sides ??= options.sides();
    const [source, target] = await sides.catch((error: unknown) => {
      sides = undefined;
      throw error;
    });
    const full = async () =>
      syncRunOutcome(
        await runSync({
          source,
          target,
          direction: job.direction,
          scope: migrationScopeOf(job.scope),
          policy: migrationPolicyOf(job.policy),
          dryRun: false,
          stateDir: options.stateDir,
          redact: options.redact,
          progress: silentProgress(options.warn),
          signal,
          concurrency: options.concurrency,
        }),
      );
    const clientOf = (side: SnapshotSource) => (side.kind === 'http' ? side.client : undefined);
    return runIncremental({ store, jobId: job.id, source: clientOf(source), target: clientOf(target), run: full });
  };
}
